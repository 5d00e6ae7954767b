package dev.pigment.cli.job;

import dev.pigment.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real photographs shipped in Debian packages, by package, with each package's licence as its copyright file gives
 * it: the wallpapers of five desktop packages (34 of their 89 pictures), the landscape and location photographs of
 * the game Endless Sky, and the photographs among the images of four more packages, chosen by looking at each.
 * Left out are illustrations, renders, abstract and low-poly art, logos, textures, screenshots and black-and-white
 * photos; where a package ships a picture at several resolutions, one file is listed, so no picture can fall on
 * both sides of a split. The sample images of Python packages (scikit-image, SciPy, matplotlib) are not used.
 */
public final class DebianPhotos {
    /** Where the packages install their pictures. */
    public static final Path ROOT = Path.of("/usr/share");

    /**
     * The photographs of one or more packages.
     *
     * @param name what the reports call it
     * @param packages the Debian packages that install the files
     * @param licence the photos' licence, as the packages' copyright files give it
     * @param files photographs, relative to {@link #ROOT}
     * @param folder a folder (relative to {@link #ROOT}) all of whose {@code .jpg} files are photographs, or null
     */
    public record Source(String name, List<String> packages, String licence, List<String> files, String folder) {
        public Source {
            packages = List.copyOf(packages);
            files = List.copyOf(files);
        }
    }

    /** Every source, in the order their photos are listed. */
    static final List<Source> SOURCES = List.of(
            new Source("wallpapers", List.of("ukui-wallpapers", "lomiri-wallpapers-16.04", "lomiri-wallpapers-20.04"),
                    "CC-BY-4.0, CC-BY-SA-3.0/4.0 or CC0-1.0 per photo (lomiri), CC-BY-SA-3.0 (ukui)",
                    List.of("backgrounds/Bridge_by_Sander_Klootwijk.jpg",
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
                    "backgrounds/sunset_by_Aitzol_Berasategi.jpg"), null),
            new Source("mate-backgrounds", List.of("mate-backgrounds"), "GPL-2+ (nature/)",
                    List.of("backgrounds/mate/nature/Aqua.jpg",
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
                    "backgrounds/mate/nature/YellowFlower.jpg"), null),
            new Source("plasma", List.of("plasma-workspace-wallpapers"), "GPL-2+",
                    List.of("wallpapers/BytheWater/contents/images/2560x1600.jpg",
                    "wallpapers/ColorfulCups/contents/images/2560x1600.jpg",
                    "wallpapers/DarkestHour/contents/images/2560x1600.jpg",
                    "wallpapers/EveningGlow/contents/images/2560x1600.jpg",
                    "wallpapers/FallenLeaf/contents/images/2560x1600.jpg",
                    "wallpapers/Kite/contents/images/2560x1600.jpg",
                    "wallpapers/OneStandsOut/contents/images/2560x1600.jpg",
                    "wallpapers/Path/contents/images/2560x1600.jpg",
                    "wallpapers/summer_1am/contents/images/2560x1600.jpg"), null),
            new Source("endless-sky", List.of("endless-sky-data"),
                    "public domain (208), CC-BY-SA-4.0 (45), CC-BY-SA-3.0 (30)",
                    List.of("games/endless-sky/images/scene/loc0.jpg", "games/endless-sky/images/scene/loc1.jpg",
                            "games/endless-sky/images/scene/loc2.jpg", "games/endless-sky/images/scene/loc3.jpg",
                            "games/endless-sky/images/scene/loc4.jpg", "games/endless-sky/images/scene/loc5.jpg",
                            "games/endless-sky/images/scene/loc6.jpg", "games/endless-sky/images/scene/loc7.jpg",
                            "games/endless-sky/images/scene/loc8.jpg", "games/endless-sky/images/scene/loc9.jpg"),
                    "games/endless-sky/images/land"),
            new Source("elementary", List.of("libelementary-data"), "BSD-2-clause",
                    List.of("elementary/images/mystrale.jpg", "elementary/images/mystrale_2.jpg",
                            "elementary/images/panel_01.jpg", "elementary/images/plant_01.jpg",
                            "elementary/images/rock_01.jpg", "elementary/images/rock_02.jpg",
                            "elementary/images/sky_01.jpg", "elementary/images/sky_02.jpg",
                            "elementary/images/sky_03.jpg", "elementary/images/sky_04.jpg",
                            "elementary/images/twofish.jpg", "elementary/images/wood_01.jpg",
                            "elementary/images/insanely_huge_test_image.jpg"), null),
            new Source("lxqt", List.of("lxqt-themes"), "CC-BY-SA-3.0 (wallpapers/License; LGPL-2.1+ in copyright)",
                    List.of("lxqt/wallpapers/Butterfly-Kenneth-Wimer.jpg", "lxqt/wallpapers/Valendas.png",
                            "lxqt/wallpapers/after-the-rain.jpg", "lxqt/wallpapers/appleflower.png",
                            "lxqt/wallpapers/beam.png", "lxqt/wallpapers/butterfly.png", "lxqt/wallpapers/cloud.png",
                            "lxqt/wallpapers/drop.png", "lxqt/wallpapers/flowers.png", "lxqt/wallpapers/fog.jpg",
                            "lxqt/wallpapers/this-is-not-windows.jpg"), null),
            new Source("palapeli", List.of("palapeli-data"), "GPL-2+ (Wikimedia Commons: FDL / public domain)",
                    List.of("palapeli/collection/castle-maintenon.jpg", "palapeli/collection/cincinnati-bridge.jpg",
                            "palapeli/collection/citrus-fruits.jpg", "palapeli/collection/european-honey-bee.jpg",
                            "palapeli/collection/panther-chameleon-female.jpg"), null),
            new Source("sddm-maldives", List.of("sddm-theme-maldives"), "CC-BY-3.0",
                    List.of("sddm/themes/maldives/background.jpg"), null));

    /** The five desktop packages' wallpapers: the photo set of the first colorizer runs. */
    public static final List<String> WALLPAPERS = List.of("wallpapers", "mate-backgrounds", "plasma");

    private DebianPhotos() {
    }

    /** The Debian packages of {@code sources}. */
    public static List<String> packages(List<Source> sources) {
        return sources.stream().flatMap(s -> s.packages().stream()).distinct().toList();
    }

    /** The sources named, in {@link #SOURCES} order. */
    public static List<Source> sources(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("name at least one photo source; known: "
                    + SOURCES.stream().map(Source::name).toList());
        }
        for (String n : names) {
            if (SOURCES.stream().noneMatch(s -> s.name().equals(n))) {
                throw new IllegalArgumentException("unknown photo source \"" + n + "\"; known: "
                        + SOURCES.stream().map(Source::name).toList());
            }
        }
        return SOURCES.stream().filter(s -> names.contains(s.name())).toList();
    }

    /** Every photograph of every source under {@code root}: {@link #files(Path, List)} of {@link #SOURCES}. */
    static Map<Path, String> files(Path root) throws BadInputException {
        return files(root, SOURCES);
    }

    /**
     * The photographs of {@code sources} under {@code root}, each with its source's name, in listing order (a
     * source's folder sorted by name).
     *
     * @throws BadInputException naming the missing files and the packages to install, if any is missing
     */
    public static Map<Path, String> files(Path root, List<Source> sources) throws BadInputException {
        Map<Path, String> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Source source : sources) {
            List<String> names = new ArrayList<>(source.files());
            if (source.folder() != null) {
                Path dir = root.resolve(source.folder());
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> listing = Files.list(dir)) {
                        listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jpg")).sorted()
                                .forEach(n -> names.add(source.folder() + "/" + n));
                    } catch (IOException e) {
                        throw new BadInputException(dir, "cannot be listed: " + e.getMessage(), e);
                    }
                } else {
                    missing.add(source.folder() + "/");
                }
            }
            for (String f : names) {
                Path p = root.resolve(f);
                if (Files.isRegularFile(p)) {
                    found.put(p, source.name());
                } else {
                    missing.add(f);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException(root, "lacks " + missing.size() + " of the photographs " + missing
                    + ": run 'apt-get install " + String.join(" ", packages(sources)) + "', or give --photos DIR");
        }
        return found;
    }
}
