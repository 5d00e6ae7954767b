package dev.pigment.models.io;

import dev.pigment.core.AtomicFiles;
import dev.pigment.core.BadInputException;
import dev.pigment.core.ColorSpace;
import dev.pigment.core.InputSpec;
import dev.pigment.core.Normalization;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * pigment's model file: one zip archive holding the DL4J network in {@link ModelSerializer}'s layout
 * ({@code configuration.json}, {@code coefficients.bin}, optionally {@code updaterState.bin}, so DL4J can read the
 * network alone too) and {@code pigment.properties}: the format version, the model kind, the {@link InputSpec} and
 * the model's own settings (class names, head settings). Written atomically: a reader sees the old file or the
 * complete new one. Reading checks the kind and names the file and the problem when it is not a pigment model of
 * that kind, or is truncated or corrupt.
 */
public final class ModelFile {
    /** The archive entry holding pigment's metadata. */
    public static final String METADATA = "pigment.properties";
    /** The metadata format this version writes and reads. */
    public static final int VERSION = 1;

    private ModelFile() {
    }

    /**
     * A model read back: its network, metadata, and the weights of any further ensemble members (same configuration
     * as {@code network}; empty for a single model).
     *
     * @param network the DL4J network, with the first member's weights and any saved updater state
     * @param metadata the entries of {@code pigment.properties}, pigment's own keys included
     * @param memberParams the flattened weights of ensemble members 2, 3, …, each as long as
     *     {@code network.params()}
     */
    public record Contents(ComputationGraph network, Properties metadata, List<INDArray> memberParams) {
        /** Keeps an unmodifiable copy of {@code memberParams}; throws {@code NullPointerException} on any null. */
        public Contents {
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(metadata, "metadata");
            memberParams = List.copyOf(memberParams);
        }

        /**
         * A metadata value that must be present.
         *
         * @throws BadInputException naming {@code file} if {@code key} is absent
         */
        public String require(Path file, String key) throws BadInputException {
            String v = metadata.getProperty(key);
            if (v == null) {
                throw new BadInputException(file, "model metadata lacks \"" + key + "\"");
            }
            return v;
        }
    }

    /**
     * Writes {@code network} and {@code metadata} (to which the format version, {@code kind} and {@code input} are
     * added) to {@code file}, atomically.
     *
     * @param withUpdater whether to include the updater state (to continue training exactly)
     */
    public static void write(Path file, String kind, InputSpec input, Properties metadata, ComputationGraph network,
                             boolean withUpdater) throws IOException {
        write(file, kind, input, metadata, network, List.of(), withUpdater);
    }

    /**
     * As {@link #write(Path, String, InputSpec, Properties, ComputationGraph, boolean)}, with the weights of further
     * ensemble members of {@code network}'s configuration, as entries {@code member-2.bin}, {@code member-3.bin}, …
     * and {@code members} in the metadata.
     *
     * @throws IllegalArgumentException if a member's weights differ in length from {@code network}'s
     */
    public static void write(Path file, String kind, InputSpec input, Properties metadata, ComputationGraph network,
                             List<INDArray> memberParams, boolean withUpdater) throws IOException {
        long length = network.params().length();
        for (INDArray p : memberParams) {
            if (p.length() != length) {
                throw new IllegalArgumentException("ensemble member weights have " + p.length() + " values, the"
                        + " network has " + length);
            }
        }
        Properties all = new Properties();
        all.putAll(metadata);
        all.setProperty("pigment.version", Integer.toString(VERSION));
        all.setProperty("kind", kind);
        all.setProperty("members", Integer.toString(1 + memberParams.size()));
        all.setProperty("input.height", Integer.toString(input.height()));
        all.setProperty("input.width", Integer.toString(input.width()));
        all.setProperty("input.colorSpace", input.colorSpace().name());
        all.setProperty("input.normalization", input.normalization().name());
        all.setProperty("input.format", input.format().name());
        StringWriter text = new StringWriter();
        all.store(text, "pigment model");
        AtomicFiles.write(file, tmp -> {
            try (OutputStream os = Files.newOutputStream(tmp);
                 ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(os))) {
                zip.putNextEntry(new ZipEntry(METADATA));
                zip.write(text.toString().getBytes(StandardCharsets.UTF_8));
                zip.putNextEntry(new ZipEntry(ModelSerializer.CONFIGURATION_JSON));
                zip.write(network.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8));
                zip.putNextEntry(new ZipEntry(ModelSerializer.COEFFICIENTS_BIN));
                DataOutputStream data = new DataOutputStream(zip);
                Nd4j.write(network.params(), data);
                data.flush();
                INDArray state = withUpdater && network.getUpdater() != null
                        ? network.getUpdater().getStateViewArray() : null;
                if (state != null && state.length() > 0) {
                    zip.putNextEntry(new ZipEntry(ModelSerializer.UPDATER_BIN));
                    Nd4j.write(state, data);
                    data.flush();
                }
                for (int m = 0; m < memberParams.size(); m++) {
                    zip.putNextEntry(new ZipEntry(memberEntry(m + 2)));
                    Nd4j.write(memberParams.get(m), data);
                    data.flush();
                }
                zip.closeEntry();
            }
        });
    }

    /**
     * Reads a model file of {@code kind}.
     *
     * @throws BadInputException if the file is missing, not a zip archive, truncated, not a pigment model, of
     *     another kind or of a newer format
     */
    public static Contents read(Path file, String kind) throws BadInputException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "no such model file");
        }
        Properties metadata = new Properties();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(METADATA);
            if (entry == null) {
                throw new BadInputException(file, "not a pigment model file (a zip archive without " + METADATA
                        + (zip.getEntry(ModelSerializer.CONFIGURATION_JSON) != null
                        ? "; a plain DL4J model?)" : ")"));
            }
            try (InputStream in = zip.getInputStream(entry)) {
                metadata.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            for (String name : new String[] {ModelSerializer.CONFIGURATION_JSON, ModelSerializer.COEFFICIENTS_BIN}) {
                if (zip.getEntry(name) == null) {
                    throw new BadInputException(file, "model file lacks " + name);
                }
            }
        } catch (BadInputException e) {
            throw e;
        } catch (IOException e) {
            throw new BadInputException(file, "not a pigment model file, or truncated or corrupt (" + e.getMessage()
                    + ")", e);
        }
        String version = metadata.getProperty("pigment.version", "?");
        if (!Integer.toString(VERSION).equals(version)) {
            throw new BadInputException(file, "model format version " + version + ", this pigment reads " + VERSION);
        }
        String actual = metadata.getProperty("kind", "?");
        if (!kind.equals(actual)) {
            throw new BadInputException(file, "is a " + actual + " model, not a " + kind + " model");
        }
        int members;
        try {
            members = Integer.parseInt(metadata.getProperty("members", "1"));
        } catch (NumberFormatException e) {
            throw new BadInputException(file, "invalid member count \"" + metadata.getProperty("members") + "\"", e);
        }
        if (members < 1) {
            throw new BadInputException(file, "invalid member count " + members);
        }
        ComputationGraph network;
        List<INDArray> memberParams = new ArrayList<>();
        try {
            network = ModelSerializer.restoreComputationGraph(file.toFile(), true);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (int m = 2; m <= members; m++) {
                    ZipEntry entry = zip.getEntry(memberEntry(m));
                    if (entry == null) {
                        throw new BadInputException(file, "model file lacks " + memberEntry(m) + " of its " + members
                                + " ensemble members");
                    }
                    try (DataInputStream in = new DataInputStream(new BufferedInputStream(zip.getInputStream(entry)))) {
                        INDArray p = Nd4j.read(in);
                        if (p.length() != network.params().length()) {
                            throw new BadInputException(file, memberEntry(m) + " has " + p.length() + " weights, the"
                                    + " network " + network.params().length());
                        }
                        memberParams.add(p);
                    }
                }
            }
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "cannot read the network (" + e + ")", e);
        }
        return new Contents(network, metadata, memberParams);
    }

    /** Reads a model of one kind from a file: {@code Classifier::load}, {@code Colorizer::load}. */
    @FunctionalInterface
    public interface Reader<T> {
        /**
         * Reads the model in {@code file}.
         *
         * @param file a model file
         * @return the model
         * @throws BadInputException naming the file and what is wrong with it
         */
        T read(Path file) throws BadInputException;
    }

    /**
     * Reads a model from a stream (a jar entry, a download, a database blob): the bytes go to a temporary file, which
     * {@code reader} reads and which is deleted afterwards. The stream is read to its end, not closed.
     *
     * @param source what the stream is, for error messages (a URL, a resource name)
     * @throws BadInputException naming {@code source} when the bytes are not a model of that kind or cannot be read
     */
    public static <T> T read(InputStream in, String source, Reader<T> reader) throws BadInputException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(source, "source");
        Path tmp;
        try {
            tmp = Files.createTempFile("pigment-model-", ".pigment");
        } catch (IOException e) {
            throw new BadInputException(source, "cannot make a temporary copy to read (" + e.getMessage() + ")", e);
        }
        try {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return reader.read(tmp);
        } catch (BadInputException e) {
            throw new BadInputException(source, e.problem(), e);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(source, "cannot be read (" + e + ")", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }

    /**
     * Reads a model from a URL ({@code file:}, {@code jar:}, {@code http:}, ...) as {@link #read(InputStream, String,
     * Reader)} does.
     *
     * @throws BadInputException naming the URL when it cannot be opened or is not a model of that kind
     */
    public static <T> T read(URL url, Reader<T> reader) throws BadInputException {
        String source = Objects.requireNonNull(url, "url").toString();
        try (InputStream in = url.openStream()) {
            return read(in, source, reader);
        } catch (BadInputException e) {
            throw e;
        } catch (IOException e) {
            throw new BadInputException(source, "cannot be opened (" + e + ")", e);
        }
    }

    private static String memberEntry(int member) {
        return "member-" + member + ".bin";
    }

    /** The input specification stored in a model file's metadata. */
    public static InputSpec inputSpec(Path file, Contents contents) throws BadInputException {
        try {
            return new InputSpec(Integer.parseInt(contents.require(file, "input.height")),
                    Integer.parseInt(contents.require(file, "input.width")),
                    ColorSpace.valueOf(contents.require(file, "input.colorSpace")),
                    Normalization.valueOf(contents.require(file, "input.normalization")),
                    CNN2DFormat.valueOf(contents.require(file, "input.format")));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "invalid input specification in the model metadata: "
                    + e.getMessage(), e);
        }
    }
}
