package dev.pigment.examples;

import dev.pigment.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real photographs among the wallpapers of the Debian packages {@code mate-backgrounds},
 * {@code lomiri-wallpapers-16.04}, {@code lomiri-wallpapers-20.04}, {@code ukui-wallpapers} and
 * {@code plasma-workspace-wallpapers}: 34 of their 89 pictures, chosen by looking at each. Left out are
 * illustrations, renders, abstract and low-poly art, logos, textures, and the two black-and-white photos. Plasma
 * ships some wallpapers at several resolutions; one file each is listed, so no picture can fall on both sides of a
 * split.
 */
final class DebianPhotos {
    /** Where the packages install their pictures. */
    static final Path ROOT = Path.of("/usr/share");

    /** The photographs, relative to {@link #ROOT}. */
    static final List<String> FILES = List.of(
            "backgrounds/Bridge_by_Sander_Klootwijk.jpg",
            "backgrounds/Dragonfly_by_Bolly.jpg",
            "backgrounds/Kleiber_by_Lukas_Baubkus.jpg",
            "backgrounds/Picture_0B_by_freespace.jpg",
            "backgrounds/Picture_1A_by_freespace.jpg",
            "backgrounds/Wine_by_Jakkub_Mede.jpg",
            "backgrounds/aitzgorri_by_Aitzol_Berasategi.jpg",
            "backgrounds/free_by_Peter_Nerlich.jpg",
            "backgrounds/friends_by_Aitzol_Berasategi.jpg",
            "backgrounds/life_by_Aitzol_Berasategi.jpg",
            "backgrounds/picosdeeuropa_by_Aitzol_Berasategi.jpg",
            "backgrounds/seeding_by_Clements_Engelhardt.jpg",
            "backgrounds/sunset_by_Aitzol_Berasategi.jpg",
            "backgrounds/mate/nature/Aqua.jpg",
            "backgrounds/mate/nature/Blinds.jpg",
            "backgrounds/mate/nature/Dune.jpg",
            "backgrounds/mate/nature/FreshFlower.jpg",
            "backgrounds/mate/nature/Garden.jpg",
            "backgrounds/mate/nature/GreenMeadow.jpg",
            "backgrounds/mate/nature/LadyBird.jpg",
            "backgrounds/mate/nature/RainDrops.jpg",
            "backgrounds/mate/nature/Storm.jpg",
            "backgrounds/mate/nature/TwoWings.jpg",
            "backgrounds/mate/nature/Wood.jpg",
            "backgrounds/mate/nature/YellowFlower.jpg",
            "wallpapers/BytheWater/contents/images/2560x1600.jpg",
            "wallpapers/ColorfulCups/contents/images/2560x1600.jpg",
            "wallpapers/DarkestHour/contents/images/2560x1600.jpg",
            "wallpapers/EveningGlow/contents/images/2560x1600.jpg",
            "wallpapers/FallenLeaf/contents/images/2560x1600.jpg",
            "wallpapers/Kite/contents/images/2560x1600.jpg",
            "wallpapers/OneStandsOut/contents/images/2560x1600.jpg",
            "wallpapers/Path/contents/images/2560x1600.jpg",
            "wallpapers/summer_1am/contents/images/2560x1600.jpg");

    private DebianPhotos() {
    }

    /**
     * The photographs under {@code root}.
     *
     * @throws BadInputException naming the missing files and the packages to install, if any is missing
     */
    static List<Path> files(Path root) throws BadInputException {
        List<Path> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String f : FILES) {
            Path p = root.resolve(f);
            if (Files.isRegularFile(p)) {
                found.add(p);
            } else {
                missing.add(f);
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException(root, "lacks " + missing.size() + " of the wallpaper photos " + missing
                    + ": run 'apt-get install mate-backgrounds lomiri-wallpapers-16.04 lomiri-wallpapers-20.04"
                    + " ukui-wallpapers plasma-workspace-wallpapers', or give --photos DIR");
        }
        return found;
    }
}
