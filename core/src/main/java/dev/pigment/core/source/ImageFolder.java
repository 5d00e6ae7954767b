package dev.pigment.core.source;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.BadInputException;
import dev.pigment.core.LoadReport;
import dev.pigment.core.Loaded;
import dev.pigment.core.Preprocessor;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A folder tree of images labelled by their class folder, {@code root/<class>/**}{@code /*.jpg|png|...} (the layout
 * of the Kaggle dogs-vs-cats set and of Keras' {@code image_dataset_from_directory}). Class names are the folder
 * names, sorted; files are listed in sorted order, so a scan is reproducible. Files directly under the root and
 * hidden files or folders are not read.
 *
 * <p>{@link #scan} only lists files; {@link #load} decodes them once, in parallel, into {@link LabelledImages}.
 */
public final class ImageFolder {
    private final Path root;
    private final List<String> classNames;
    private final List<Path> files;
    private final int[] labels;

    private ImageFolder(Path root, List<String> classNames, List<Path> files, int[] labels) {
        this.root = root;
        this.classNames = List.copyOf(classNames);
        this.files = List.copyOf(files);
        this.labels = labels;
    }

    /**
     * Lists the classes and image files under {@code root}.
     *
     * @throws BadInputException if the root is missing or not a folder, has no class folders, has fewer than two
     *     classes, or a class folder holds no images
     */
    public static ImageFolder scan(Path root) throws BadInputException {
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root, Files.exists(root) ? "is not a directory" : "does not exist");
        }
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BadInputException(root, "cannot be listed: " + e, e);
        }
        if (classDirs.isEmpty()) {
            boolean looseImages = !ImageFiles.list(root).isEmpty();
            throw new BadInputException(root, looseImages
                    ? "holds images but no class folders; expected <root>/<class name>/<image files>"
                    : "holds no class folders and no images; expected <root>/<class name>/<image files>");
        }
        if (classDirs.size() == 1) {
            throw new BadInputException(root, "holds a single class folder '" + classDirs.get(0).getFileName()
                    + "'; a classifier needs at least two classes");
        }
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> images = ImageFiles.list(dir);
            if (images.isEmpty()) {
                throw new BadInputException(dir, "is a class folder with no images (looked for "
                        + String.join(", ", ImageFiles.EXTENSIONS.stream().sorted().toList()) + ")");
            }
            int label = names.size();
            names.add(dir.getFileName().toString());
            for (Path f : images) {
                files.add(f);
                labels.add(label);
            }
        }
        return new ImageFolder(root, names, files, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The folder that was scanned. */
    public Path root() {
        return root;
    }

    /** The class names, by label: the class folders' names, sorted. */
    public List<String> classNames() {
        return classNames;
    }

    /** The image files, in scan order. */
    public List<Path> files() {
        return files;
    }

    /** The class of each file. */
    public int[] labels() {
        return labels.clone();
    }

    /** Number of image files. */
    public int size() {
        return files.size();
    }

    /** Number of files of each class. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * Train and test parts with each class's share kept in both; see {@link Split#stratified}.
     *
     * @throws IllegalArgumentException if {@code testFraction} is outside [0, 1]
     */
    public Parts split(double testFraction, long seed) {
        Split s = Split.stratified(labels, classNames.size(), testFraction, seed);
        return new Parts(subset(s.train()), subset(s.test()));
    }

    /**
     * The two parts of a split, with the same class names.
     *
     * @param train the training files
     * @param test the test files
     */
    public record Parts(ImageFolder train, ImageFolder test) {
        /**
         * Checks the parts.
         *
         * @throws NullPointerException if a part is null
         */
        public Parts {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(test, "test");
        }
    }

    private ImageFolder subset(int[] indices) {
        List<Path> sub = new ArrayList<>(indices.length);
        int[] subLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            sub.add(files.get(indices[i]));
            subLabels[i] = labels[indices[i]];
        }
        return new ImageFolder(root, classNames, sub, subLabels);
    }

    /**
     * Decodes every file once and fits it to the preprocessor's input (size and channels), on {@code threads}
     * threads.
     *
     * @param preprocessor fits each image to the model input; an image it rejects is a bad file
     * @param policy {@link BadFilePolicy#FAIL} stops at the first bad file (in scan order); {@link
     *     BadFilePolicy#SKIP} leaves bad files out and lists them in the report
     * @param threads decoding threads, at least 1
     * @return the images that were kept, with the report of what was read and skipped
     * @throws BadInputException for a bad file under FAIL, or when every file of a class was skipped
     */
    public Loaded<LabelledImages> load(Preprocessor preprocessor, BadFilePolicy policy, int threads)
            throws BadInputException {
        ParallelDecode.Result result = ParallelDecode.run(files, preprocessor::fit, policy, threads);
        List<Bitmap> kept = new ArrayList<>();
        List<Integer> keptLabels = new ArrayList<>();
        int[] perClass = new int[classNames.size()];
        for (int i = 0; i < files.size(); i++) {
            Bitmap b = result.images().get(i);
            if (b != null) {
                kept.add(b);
                keptLabels.add(labels[i]);
                perClass[labels[i]]++;
            }
        }
        int[] listed = classCounts();
        for (int c = 0; c < perClass.length; c++) {
            if (perClass[c] == 0 && listed[c] > 0) {
                throw new BadInputException(root.resolve(classNames.get(c)),
                        "has no readable images; every file was skipped: " + result.skipped());
            }
        }
        LabelledImages images = new LabelledImages(kept,
                keptLabels.stream().mapToInt(Integer::intValue).toArray(), classNames);
        return new Loaded<>(images, new LoadReport(kept.size(), result.skipped()));
    }
}
