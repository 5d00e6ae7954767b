package dev.pigment.cli.job;

import dev.pigment.core.BadInputException;
import dev.pigment.core.source.QtResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real photographs shipped in Debian packages, by package, with each package's licence as its copyright file gives
 * it: the wallpapers of five desktop packages (34 of their 89 pictures), the landscape and location photographs of
 * the game Endless Sky, the photographs of animals, monuments, musicians and objects of the educational suite
 * GCompris (inside its Qt resource archives), and the photographs among the images of four more packages, chosen by
 * looking at each.
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
     * @param archived photographs inside Qt resource archives
     */
    public record Source(String name, List<String> packages, String licence, List<String> files, String folder,
                         List<Archived> archived) {
        public Source {
            packages = List.copyOf(packages);
            files = List.copyOf(files);
            archived = List.copyOf(archived);
        }

        /** A source of plain files only. */
        public Source(String name, List<String> packages, String licence, List<String> files, String folder) {
            this(name, packages, licence, files, folder, List.of());
        }
    }

    /**
     * Photographs inside a Qt resource archive ({@link QtResources}): every {@code .webp} file under {@code prefix}
     * (sub-folders included) but those {@code except} names, a file or a folder ending in {@code /}, relative to
     * {@code prefix}.
     *
     * @param archive the archive, relative to {@link #ROOT}
     * @param prefix a folder inside it, starting and ending with {@code /}
     * @param except what is left out
     */
    public record Archived(String archive, String prefix, List<String> except) {
        public Archived {
            except = List.copyOf(except);
        }

        /** Whether the archive's file {@code path} is one of these photographs. */
        boolean includes(String path) {
            if (!path.startsWith(prefix) || !path.endsWith(".webp")) {
                return false;
            }
            String name = path.substring(prefix.length());
            return except.stream().noneMatch(e -> e.endsWith("/") ? name.startsWith(e) : name.equals(e));
        }

        /** Whether the archive's file {@code path} is a README under {@code prefix} (GCompris's attributions). */
        boolean isReadme(String path) {
            return path.startsWith(prefix) && path.endsWith("/README");
        }
    }

    private static Archived gcompris(String activity, String folder, String... except) {
        return new Archived("gcompris-qt/rcc/" + activity + ".rcc",
                "/gcompris/src/activities/" + activity + "/resource/" + folder, Arrays.asList(except));
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
                    List.of("sddm/themes/maldives/background.jpg"), null),
            // the categorization activity's monuments repeat explore_monuments' at a smaller size (its photos of
            // alphabet and number blocks are Divyam Madaan's, CC-BY-SA-4.0, by the README beside them); fish 2, 5,
            // 23 and 24 are Duane Raver's paintings; Castle Clinton is black and white
            new Source("gcompris", List.of("gcompris-qt-data"),
                    "GPL-3+; each photo's author, source and licence (Wikimedia Commons and others: CC-BY-SA, "
                            + "CC-BY, public domain, CC0, GFDL) in the package's copyright file or in the README "
                            + "inside its archive, extracted beside the photos", List.of(), null,
                    List.of(gcompris("erase", ""), gcompris("explore_world_animals", "animals/"),
                            gcompris("explore_farm_animals", "animals/"), gcompris("explore_world_music", "music/"),
                            gcompris("explore_monuments", "", "usa/castleClinton.webp"),
                            gcompris("categorization", "images/", "monuments/", "fishes/fish2.webp",
                                    "fishes/fish5.webp", "fishes/fish23.webp", "fishes/fish24.webp"))));

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

    /**
     * Every photograph of every source under {@code root}: {@link #files(Path, List, Path)} of {@link #SOURCES}, the
     * archived ones extracted to {@code extractTo}.
     */
    static Map<Path, String> files(Path root, Path extractTo) throws IOException {
        return files(root, SOURCES, extractTo);
    }

    /**
     * The photographs of {@code sources} under {@code root}, each with its source's name, in listing order (a
     * source's folder sorted by name, an archive's files in its order). Photographs inside archives are written to
     * {@code extractTo}{@code /<source>/<archive>/<path in the archive's folder, / as ->}, each file replaced
     * whole, and unchanged files left as they are.
     *
     * @param extractTo where archived photographs go; may be null if no source has any
     * @throws BadInputException naming the missing files and the packages to install, if any is missing, or an
     *     archive that cannot be read
     * @throws IOException if an archived photograph cannot be written
     * @throws IllegalArgumentException if a source has archived photographs and {@code extractTo} is null
     */
    public static Map<Path, String> files(Path root, List<Source> sources, Path extractTo) throws IOException {
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
            for (Archived a : source.archived()) {
                if (extractTo == null) {
                    throw new IllegalArgumentException("the " + source.name() + " photographs are inside archives:"
                            + " give a folder to extract them to");
                }
                Path archive = root.resolve(a.archive());
                if (!Files.isRegularFile(archive)) {
                    missing.add(a.archive());
                    continue;
                }
                // the photos, and the READMEs that name their authors and licences
                Map<String, byte[]> entries = QtResources.read(archive, p -> a.includes(p) || a.isReadme(p));
                if (entries.keySet().stream().noneMatch(a::includes)) {
                    throw new BadInputException(archive, "holds no .webp file under " + a.prefix());
                }
                String stem = archive.getFileName().toString().replaceFirst("\\.rcc$", "");
                Path dir = extractTo.resolve(source.name()).resolve(stem);
                Files.createDirectories(dir);
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    String name = e.getKey().substring(a.prefix().length()).replace('/', '-');
                    Path p = dir.resolve(a.isReadme(e.getKey()) ? name + ".txt" : name);
                    if (found.containsKey(p)) {
                        throw new BadInputException(archive, "has two photographs that would both be written to " + p);
                    }
                    writeIfChanged(p, e.getValue());
                    if (a.includes(e.getKey())) {
                        found.put(p, source.name());
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException(root, "lacks " + missing.size() + " of the photographs " + missing
                    + ": run 'apt-get install " + String.join(" ", packages(sources)) + "', or give --photos DIR");
        }
        return found;
    }

    /** Writes {@code bytes} to {@code file} through a temporary file beside it, unless it already holds them. */
    private static void writeIfChanged(Path file, byte[] bytes) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) == bytes.length
                && Arrays.equals(Files.readAllBytes(file), bytes)) {
            return;
        }
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
        try {
            Files.write(tmp, bytes);
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {   // readable as files are
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
