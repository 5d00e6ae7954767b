package dev.pigment.cli;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.BadInputException;
import dev.pigment.core.InputSpec;
import dev.pigment.core.Preprocessor;
import dev.pigment.core.source.Cifar10;
import dev.pigment.core.source.FashionMnist;
import dev.pigment.core.source.ImageFolder;
import dev.pigment.core.source.LabelledImages;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Where labelled images come from, as the command line names it: {@code fashion-mnist} (the Debian package
 * {@code dataset-fashion-mnist}), {@code idx:DIR} (MNIST-format IDX files), {@code cifar10:DIR} (the CIFAR-10 binary
 * batches) or {@code folder:DIR} (one sub-folder per class).
 *
 * @param kind the format
 * @param dir where its files are
 */
record DataSource(Kind kind, Path dir) {
    /** The formats. */
    enum Kind { IDX, CIFAR10, FOLDER }

    /** Fashion-MNIST from its Debian package. */
    static final DataSource FASHION_MNIST = new DataSource(Kind.IDX, FashionMnist.DEBIAN_DIR);

    /** What {@code --data} accepts, for help texts. */
    static final String FORMATS = "fashion-mnist, idx:DIR, cifar10:DIR or folder:DIR";

    /**
     * The test images, brought to {@code input} (folders: every image, as the model's input; an unreadable one
     * fails the evaluation, naming it, rather than leaving the score on fewer images than asked).
     */
    LabelledImages test(InputSpec input) throws BadInputException {
        return switch (kind) {
            case IDX -> FashionMnist.test(dir);
            case CIFAR10 -> Cifar10.test(dir);
            case FOLDER -> ImageFolder.scan(dir).load(new Preprocessor(input, true), BadFilePolicy.FAIL,
                    Runtime.getRuntime().availableProcessors()).data();
        };
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + dir;
    }

    /** Reads {@code --data}'s value; a value that is none of the formats is one line naming them. */
    static final class Converter implements ITypeConverter<DataSource> {
        @Override
        public DataSource convert(String value) {
            if (value.equals("fashion-mnist")) {
                return FASHION_MNIST;
            }
            int colon = value.indexOf(':');
            if (colon > 0 && colon < value.length() - 1) {
                String kind = value.substring(0, colon).toUpperCase(Locale.ROOT);
                for (Kind k : Kind.values()) {
                    if (k.name().equals(kind)) {
                        return new DataSource(k, Path.of(value.substring(colon + 1)));
                    }
                }
            }
            throw new TypeConversionException("'" + value + "' is not a data source; use " + FORMATS);
        }
    }
}
