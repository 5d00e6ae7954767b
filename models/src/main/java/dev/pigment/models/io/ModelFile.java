package dev.pigment.models.io;

import dev.pigment.core.AtomicFiles;
import dev.pigment.core.BadInputException;
import dev.pigment.core.ColorSpace;
import dev.pigment.core.InputSpec;
import dev.pigment.core.Normalization;
import java.io.ByteArrayInputStream;
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
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
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
     * The kind of model a file holds ({@code "classifier"}, {@code "colorizer"}), from its metadata alone.
     *
     * @throws BadInputException if the file is missing or not a pigment model file
     */
    public static String kind(Path file) throws BadInputException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "no such model file");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(METADATA);
            if (entry == null) {
                throw new BadInputException(file, "not a pigment model file (a zip archive without " + METADATA + ")");
            }
            Properties metadata = new Properties();
            metadata.load(new StringReader(new String(bytes(file, zip, entry, MAX_METADATA_BYTES),
                    StandardCharsets.UTF_8)));
            return metadata.getProperty("kind", "?");
        } catch (BadInputException e) {
            throw e;
        } catch (IOException e) {
            throw new BadInputException(file, "not a pigment model file (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads a model file of {@code kind}, as data only: the archive may hold nothing but the entries pigment writes
     * (any other entry is refused before anything is read: DL4J's own reader would run Java deserialisation on some),
     * each no larger than its limit ({@link #MAX_METADATA_BYTES}, {@link #MAX_CONFIGURATION_BYTES}, and the weights
     * the configuration calls for, at most {@link #MAX_PARAMS} per network), the network is built from its JSON
     * configuration, and every weight array is checked for its length, type and finite values before it is used.
     *
     * @throws BadInputException if the file is missing, not a zip archive, truncated, not a pigment model, of
     *     another kind or of a newer format, holds other entries, entries over their limits, or weights that do not
     *     fit the configuration or are NaN or infinite
     */
    public static Contents read(Path file, String kind) throws BadInputException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "no such model file");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            checkEntries(file, zip);
            ZipEntry entry = zip.getEntry(METADATA);
            if (entry == null) {
                throw new BadInputException(file, "not a pigment model file (a zip archive without " + METADATA
                        + (zip.getEntry(ModelSerializer.CONFIGURATION_JSON) != null
                        ? "; a plain DL4J model?)" : ")"));
            }
            Properties metadata = new Properties();
            metadata.load(new StringReader(new String(bytes(file, zip, entry, MAX_METADATA_BYTES),
                    StandardCharsets.UTF_8)));
            int members = checkHeader(file, metadata, kind);
            for (String name : new String[] {ModelSerializer.CONFIGURATION_JSON, ModelSerializer.COEFFICIENTS_BIN}) {
                if (zip.getEntry(name) == null) {
                    throw new BadInputException(file, "model file lacks " + name);
                }
            }
            ComputationGraphConfiguration conf;
            try {
                conf = ComputationGraphConfiguration.fromJson(new String(bytes(file, zip,
                        zip.getEntry(ModelSerializer.CONFIGURATION_JSON), MAX_CONFIGURATION_BYTES),
                        StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw new BadInputException(file, ModelSerializer.CONFIGURATION_JSON + " is not a DL4J graph"
                        + " configuration (" + e.getMessage() + ")", e);
            }
            long numParams = 0;
            for (GraphVertex v : conf.getVertices().values()) {
                numParams += v.numParams(true);
            }
            if (numParams < 1 || numParams > MAX_PARAMS) {
                throw new BadInputException(file, "the configuration calls for " + numParams + " weights; a pigment"
                        + " model has 1 to " + MAX_PARAMS);
            }
            INDArray params = weights(file, zip, ModelSerializer.COEFFICIENTS_BIN, numParams);
            ComputationGraph network = new ComputationGraph(conf);
            network.init(params, false);
            ZipEntry updater = zip.getEntry(ModelSerializer.UPDATER_BIN);
            if (updater != null) {
                INDArray view = network.getUpdater().getStateViewArray();
                if (view == null) {
                    throw new BadInputException(file, "holds updater state, but the network's updater keeps none");
                }
                network.getUpdater().setStateViewArray(weights(file, zip, ModelSerializer.UPDATER_BIN,
                        view.length()));
            }
            List<INDArray> memberParams = new ArrayList<>();
            for (int m = 2; m <= members; m++) {
                if (zip.getEntry(memberEntry(m)) == null) {
                    throw new BadInputException(file, "model file lacks " + memberEntry(m) + " of its " + members
                            + " ensemble members");
                }
                memberParams.add(weights(file, zip, memberEntry(m), numParams));
            }
            return new Contents(network, metadata, memberParams);
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "not a pigment model file, or truncated or corrupt (" + e + ")", e);
        }
    }

    /** Most bytes of a model file's {@code pigment.properties}. */
    public static final long MAX_METADATA_BYTES = 1 << 20;
    /** Most bytes of a model file's {@code configuration.json}. */
    public static final long MAX_CONFIGURATION_BYTES = 16 << 20;
    /**
     * Most weights of one network in a model file: 2^27 (512 MiB of 32-bit floats), so that an updater's state of two
     * values per weight (Adam) still fits one entry read into memory.
     */
    public static final long MAX_PARAMS = 1L << 27;
    /** Most networks in one model file (an ensemble's members). */
    public static final int MAX_MEMBERS = 64;

    /** Refuses any entry that pigment does not write, and directories, before anything is read. */
    private static void checkEntries(Path file, ZipFile zip) throws BadInputException {
        if (zip.size() > 3 + MAX_MEMBERS) {
            throw new BadInputException(file, "holds " + zip.size() + " entries; a pigment model has at most "
                    + (3 + MAX_MEMBERS));
        }
        for (ZipEntry e : java.util.Collections.list(zip.entries())) {
            String name = e.getName();
            boolean known = name.equals(METADATA) || name.equals(ModelSerializer.CONFIGURATION_JSON)
                    || name.equals(ModelSerializer.COEFFICIENTS_BIN) || name.equals(ModelSerializer.UPDATER_BIN)
                    || name.matches("member-([2-9]|[1-5][0-9]|6[0-4])\\.bin");
            if (!known || e.isDirectory()) {
                throw new BadInputException(file, "holds the entry \"" + name + "\", which pigment does not write;"
                        + " refused without reading it (a model file holds " + METADATA + ", "
                        + ModelSerializer.CONFIGURATION_JSON + ", " + ModelSerializer.COEFFICIENTS_BIN + ", "
                        + ModelSerializer.UPDATER_BIN + " and member-<n>.bin only)");
            }
        }
    }

    /** Checks the format version, the kind and the member count; returns the member count. */
    private static int checkHeader(Path file, Properties metadata, String kind) throws BadInputException {
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
        if (members < 1 || members > MAX_MEMBERS) {
            throw new BadInputException(file, "invalid member count " + members + " (1 to " + MAX_MEMBERS + ")");
        }
        return members;
    }

    /**
     * The bytes of an entry, read through a limit: a zip bomb or an entry whose stated size lies stops at
     * {@code limit} bytes.
     *
     * @throws BadInputException naming {@code file} if the entry holds more than {@code limit} bytes
     */
    public static byte[] bytes(Path file, ZipFile zip, ZipEntry entry, long limit) throws IOException {
        if (entry.getSize() > limit) {
            throw new BadInputException(file, entry.getName() + " is " + entry.getSize() + " bytes, over the "
                    + limit + " a model file may hold there");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (b.length > limit) {
                throw new BadInputException(file, entry.getName() + " unpacks to more than the " + limit
                        + " bytes a model file may hold there");
            }
            return b;
        }
    }

    /**
     * A weight array of exactly {@code length} 32-bit floats, all finite: its header (ND4J's binary layout: the
     * shape buffer, then the data buffer, each as allocation mode, length and data type) is checked before ND4J
     * reads it, so a forged length allocates nothing. Shared with the training checkpoints.
     *
     * @throws BadInputException naming {@code file} and the entry if it is missing, of another length or type,
     *     truncated, or holds NaN or infinite values
     */
    public static INDArray weights(Path file, ZipFile zip, String name, long length) throws IOException {
        if (zip.getEntry(name) == null) {
            throw new BadInputException(file, "lacks " + name);
        }
        byte[] b = bytes(file, zip, zip.getEntry(name), 4 * length + 4096);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            in.readUTF();
            long shapeLength = in.readLong();
            String shapeType = in.readUTF();
            if (shapeLength < 1 || shapeLength > 64 || !shapeType.equals("LONG")) {
                throw new BadInputException(file, name + " is not an ND4J array (shape " + shapeLength + " "
                        + shapeType + ")");
            }
            in.skipNBytes(8 * shapeLength);
            in.readUTF();
            long dataLength = in.readLong();
            String dataType = in.readUTF();
            if (dataLength != length || !dataType.equals("FLOAT") || in.available() != 4 * length) {
                throw new BadInputException(file, name + " holds " + dataLength + " " + dataType + " values in "
                        + b.length + " bytes; the network needs " + length + " FLOAT values");
            }
        } catch (java.io.EOFException | java.io.UTFDataFormatException e) {
            throw new BadInputException(file, name + " is truncated or not an ND4J array", e);
        }
        INDArray a = Nd4j.read(new DataInputStream(new ByteArrayInputStream(b)));
        if (a.length() != length) {
            throw new BadInputException(file, name + " has " + a.length() + " values, the network " + length);
        }
        if (a.isNaN().any() || a.isInfinite().any()) {
            throw new BadInputException(file, name + " holds NaN or infinite weights");
        }
        return a;
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
