package dev.pigment.core.image;

import dev.pigment.core.AtomicFiles;
import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.BadInputException;
import dev.pigment.core.LoadReport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Reading and writing image files, strictly: a file that is missing, empty, not an image, truncated or corrupt gives
 * a {@link BadInputException} naming it, never a partial picture. Decoding is ImageIO's, with the TwelveMonkeys
 * plugins (JPEG including CMYK/YCCK, WebP); formats: JPEG, PNG (8 and 16 bit, gray, palette, alpha), BMP, GIF (first
 * frame), TIFF, WebP.
 */
public final class ImageFiles {
    /** File name extensions (lower case) that {@link #list} treats as images. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff", "webp");

    /** Largest accepted image, in pixels (a guard against decompression bombs). */
    public static final long MAX_PIXELS = 100_000_000L;

    /** Largest accepted file, in bytes (512 MiB). */
    public static final long MAX_BYTES = 512L << 20;

    private ImageFiles() {
    }

    /** True when the file name ends in one of {@link #EXTENSIONS}. */
    public static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * The image files of a folder tree, sorted by path, and the files and folders that could not be listed.
     *
     * @param files the image files found
     * @param skipped the sub-folders (or files) that could not be read, and symbolic-link loops, each with why
     */
    public record Listing(List<Path> files, List<LoadReport.Skipped> skipped) {
        /** Copies both lists. */
        public Listing {
            files = List.copyOf(files);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * The image files under {@code dir} (recursively, hidden files and folders left out), sorted by path so that
     * every listing of the same tree is the same.
     *
     * @throws BadInputException if {@code dir} is not a readable directory, or a folder under it cannot be read
     */
    public static List<Path> list(Path dir) throws BadInputException {
        return scan(dir, null, BadFilePolicy.FAIL).files();
    }

    /**
     * Lists the image files under {@code dir} as {@link #list} does, following symbolic links to folders and files
     * (a folder reached again through a link loop is listed once and the loop reported), and leaving out the tree
     * under {@code exclude} (an output folder inside the input; null for none).
     *
     * @param policy {@link BadFilePolicy#FAIL}: a sub-folder that cannot be read fails the listing;
     *     {@link BadFilePolicy#SKIP}: it is reported in {@link Listing#skipped()} and the rest is listed
     * @throws BadInputException if {@code dir} is not a readable directory, or as {@code policy} says
     */
    public static Listing scan(Path dir, Path exclude, BadFilePolicy policy) throws BadInputException {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir, Files.exists(dir) ? "is not a directory" : "does not exist");
        }
        Path excluded = exclude == null ? null : real(exclude);
        List<Path> files = new ArrayList<>();
        List<LoadReport.Skipped> skipped = new ArrayList<>();
        FileVisitor<Path> visitor = new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                boolean hidden = !d.equals(dir) && d.getFileName().toString().startsWith(".");
                return hidden || excluded != null && real(d).equals(excluded) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                if (!hasImageExtension(f) || f.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isRegularFile()) {
                    files.add(f);
                } else if (attrs.isSymbolicLink()) {
                    skipped.add(new LoadReport.Skipped(f, "is a symbolic link to nothing (its target is missing)"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                if (f.equals(dir)) {
                    throw e;
                }
                skipped.add(new LoadReport.Skipped(f, e instanceof FileSystemLoopException
                        ? "is a symbolic link back to a folder above it (a loop); listed once"
                        : e instanceof AccessDeniedException ? "cannot be read: permission denied"
                        : "cannot be read: " + e));
                return FileVisitResult.CONTINUE;
            }
        };
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, visitor);
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException(dir, "cannot be listed: " + e.getMessage(), e);
        }
        if (policy == BadFilePolicy.FAIL) {
            for (LoadReport.Skipped s : skipped) {
                if (!s.problem().contains("(a loop)")) {
                    throw new BadInputException(s.file(), s.problem());
                }
            }
        }
        files.sort(null);
        return new Listing(files, skipped);
    }


    /**
     * The ImageIO format {@link #write} uses for {@code file}, from its extension: {@code png}, {@code jpeg} or
     * {@code bmp}; callers check a target with it before doing the work that fills it.
     *
     * @throws IllegalArgumentException if the extension is none of .png, .jpg, .jpeg, .bmp
     */
    public static String writeFormat(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String format = name.endsWith(".png") ? "png"
                : name.endsWith(".jpg") || name.endsWith(".jpeg") ? "jpeg"
                : name.endsWith(".bmp") ? "bmp" : null;
        if (format == null) {
            throw new IllegalArgumentException(file + ": cannot tell the image format; use .png, .jpg or .bmp");
        }
        return format;
    }

    /** The file name without its last extension: {@code x} of {@code a/x.jpg}. */
    public static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * The folder or file {@code path} names on disk, symbolic links resolved: its real path, or for a path that does
     * not exist yet, its nearest existing parent's real path with the rest appended. Two paths name the same place
     * exactly when their {@code real} paths are equal (on a case-sensitive file system).
     */
    public static Path real(Path path) {
        Path p = path.toAbsolutePath().normalize();
        Path rest = p.getFileSystem().getPath("");
        for (Path at = p; at != null; at = at.getParent()) {
            try {
                return at.toRealPath().resolve(rest);
            } catch (IOException e) {
                rest = at.getFileName() == null ? rest : at.getFileName().resolve(rest);
            }
        }
        return p;
    }

    /**
     * Decodes an image file.
     *
     * @throws BadInputException if the file is missing, empty, too large, not an image, truncated or corrupt
     */
    public static Bitmap read(Path file) throws BadInputException {
        byte[] bytes = readBytes(file);
        return Bitmap.fromBufferedImage(decode(file, bytes));
    }

    /**
     * Decodes an image held in memory (an upload, a resource), with the checks of {@link #read}; {@code source}
     * names it in errors.
     *
     * @throws BadInputException if the bytes are empty, too many, not an image, truncated or corrupt
     */
    public static Bitmap decode(byte[] bytes, Path source) throws BadInputException {
        if (bytes.length == 0) {
            throw new BadInputException(source, "is empty (0 bytes)");
        }
        if (bytes.length > MAX_BYTES) {
            throw new BadInputException(source, "is " + bytes.length + " bytes; the largest image read is "
                    + MAX_BYTES + " bytes");
        }
        return Bitmap.fromBufferedImage(decode(source, bytes));
    }

    private static byte[] readBytes(Path file) throws BadInputException {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file, "is a directory, not an image file");
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new BadInputException(file, "is empty (0 bytes)");
            }
            if (size > MAX_BYTES) {
                throw new BadInputException(file, "is " + size + " bytes; the largest image file read is "
                        + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (BadInputException e) {
            throw e;
        } catch (IOException e) {
            throw new BadInputException(file, Files.exists(file) ? "cannot be read: " + e : "does not exist", e);
        }
    }

    private static BufferedImage decode(Path file, byte[] bytes) throws BadInputException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadInputException(file, "is not an image pigment can read (JPEG, PNG, BMP, GIF, TIFF, "
                        + "WebP); it starts with bytes " + head(bytes));
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new BadInputException(file, "is " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " pixels; the largest image read has " + MAX_PIXELS + " pixels");
                }
                BufferedImage image = reader.read(0);
                List<String> losses = warnings.stream().filter(ImageFiles::meansDataLoss).distinct().toList();
                if (!losses.isEmpty()) {
                    throw new BadInputException(file, "is corrupt or truncated (" + reader.getFormatName()
                            + " decoder: " + String.join("; ", losses) + ")");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "is corrupt or truncated (" + e + ")", e);
        }
    }

    /**
     * Whether a decoder warning means pixels are missing or wrong (libjpeg's "Truncated File", "premature end of
     * data segment", "Corrupt JPEG data: bad Huffman code"), as opposed to a remark on a complete image (no ICC
     * profile, or libjpeg's "extraneous bytes before marker", common in real photo sets and harmless).
     */
    private static boolean meansDataLoss(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        if (w.contains("extraneous bytes")) {
            return false;
        }
        return w.contains("truncat") || w.contains("premature") || w.contains("corrupt") || w.contains("bogus")
                || w.contains("missing eoi");
    }

    private static String head(byte[] bytes) {
        int n = Math.min(8, bytes.length);
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes, 0, n);
    }

    /**
     * Writes an image atomically (see {@link AtomicFiles}) in the format its extension names: {@code .png},
     * {@code .jpg}/{@code .jpeg} (quality 0.95) or {@code .bmp}. Parent folders are created.
     *
     * @throws IllegalArgumentException if the extension is none of these
     * @throws IOException if the file cannot be written
     */
    public static void write(Bitmap bitmap, Path file) throws IOException {
        String format = writeFormat(file);
        AtomicFiles.write(file, tmp -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(tmp.toFile())) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                if (format.equals("jpeg")) {
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionQuality(0.95f);
                }
                writer.setOutput(out);
                writer.write(null, new IIOImage(bitmap.toBufferedImage(), null, null), param);
            } finally {
                writer.dispose();
            }
        });
    }
}
