package dev.pigment.core.source;

import dev.pigment.core.BadInputException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017, <a href="https://arxiv.org/abs/1708.07747">arXiv:1708.07747</a>):
 * 28×28 gray images of 10 clothing classes, 60,000 for training and 10,000 for test, in IDX files. On Debian the
 * package {@code dataset-fashion-mnist} installs them in {@link #DEBIAN_DIR}.
 */
public final class FashionMnist {
    /** Where {@code apt-get install dataset-fashion-mnist} puts the IDX files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String HINT = "Fashion-MNIST IDX files are installed by 'apt-get install "
            + "dataset-fashion-mnist' in " + DEBIAN_DIR;

    private FashionMnist() {
    }

    /** The 60,000 training images from {@code dir} (for example {@link #DEBIAN_DIR}). */
    public static LabelledImages train(Path dir) throws BadInputException {
        return Idx.readSplit(dir, "train", CLASS_NAMES, HINT);
    }

    /** The 10,000 test images from {@code dir}. */
    public static LabelledImages test(Path dir) throws BadInputException {
        return Idx.readSplit(dir, "t10k", CLASS_NAMES, HINT);
    }
}
