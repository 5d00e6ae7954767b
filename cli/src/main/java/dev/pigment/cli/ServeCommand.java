package dev.pigment.cli;

import dev.pigment.cli.serve.Explorer;
import dev.pigment.cli.view.TsneMap;
import dev.pigment.core.BadInputException;
import dev.pigment.core.embed.Tsne;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.colorizer.Colorizer;
import dev.pigment.models.io.ModelFile;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code pigment serve}: the model explorer in the browser. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Explore a trained model in the browser: for a classifier, draw or upload an image and see its "
                + "prediction, every layer's activations with their receptive fields, the first-layer filters, a "
                + "saliency map and a t-SNE map of test images; for a colorizer, colorize a photo at full resolution "
                + "with a before/after slider. A local server; the page fetches nothing from the network. Stop it "
                + "with Ctrl-C.",
        footer = {"", "Examples:", "  pigment serve                       # the pretrained Fashion-MNIST classifier",
            "  pigment serve --model out/fashion-mnist/model.pigment",
            "  pigment serve --model out/colorizer/colorizer-regression.pigment",
            "  pigment serve --model pets.pigment --data folder:pets-test --points 1000"})
final class ServeCommand extends Task {
    @Option(names = "--model", paramLabel = "FILE", description = "A classifier or colorizer saved by pigment. "
            + "Default: the pretrained Fashion-MNIST classifier.")
    Path model;

    @Option(names = "--data", paramLabel = "SOURCE", converter = DataSource.Converter.class, description = "A "
            + "classifier's test images for the t-SNE map: " + DataSource.FORMATS + ". Default: fashion-mnist "
            + "for a classifier of its classes, else no map.")
    DataSource data;

    @Option(names = "--points", defaultValue = "2000", paramLabel = "N", description = "Images on the map. "
            + "Default: ${DEFAULT-VALUE}.")
    int points;

    @Option(names = "--perplexity", defaultValue = "30", paramLabel = "P", description = "t-SNE's perplexity, in "
            + "[2, 100]. Default: ${DEFAULT-VALUE}.")
    double perplexity;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "0 for any free port. "
            + "Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS", description = "The address to "
            + "listen on; 0.0.0.0 opens it to the network. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--seed", defaultValue = "42", description = "The t-SNE map's seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    void work() throws Exception {
        range(points, "--points", 100, 20_000);
        range(port, "--port", 0, 65_535);
        Tsne.Options tsne;
        try {
            tsne = Tsne.Options.defaults(seed).withPerplexity(perplexity);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--perplexity: " + e.getMessage());
        }
        if (port != 0) {
            // the map takes a while: say now, not after it, that the port is taken
            try (java.net.ServerSocket probe = new java.net.ServerSocket(port, 1,
                    java.net.InetAddress.getByName(host))) {
                probe.setReuseAddress(true);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                        + "); choose another with --port, or 0 for any free one");
            }
        }
        String kind = model == null ? "classifier" : ModelFile.kind(model);
        String name = model == null ? "pretrained fashion-mnist" : model.toString();
        InetSocketAddress address = new InetSocketAddress(host, port);
        Explorer explorer;
        switch (kind) {
            case "classifier" -> {
                Classifier classifier = model == null ? Classifier.pretrained("fashion-mnist")
                        : Classifier.load(model);
                explorer = Explorer.classifier(address, classifier, name, map(classifier, tsne));
            }
            case "colorizer" -> {
                if (data != null) {
                    throw new ParameterException(spec.commandLine(), "--data maps a classifier's test images; "
                            + model + " is a colorizer");
                }
                explorer = Explorer.colorizer(address, Colorizer.load(model), name);
            }
            default -> throw new BadInputException(model, "is a " + kind + " model; pigment serve explores "
                    + "classifiers and colorizers");
        }
        out().println("pigment explorer: " + explorer.uri() + " (Ctrl-C stops it)");
        out().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            explorer.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** The t-SNE map of the data's first test images, or null when there is no data for this classifier. */
    private TsneMap map(Classifier classifier, Tsne.Options tsne) throws BadInputException {
        DataSource source = data != null ? data : DataSource.FASHION_MNIST;
        LabelledImages test;
        try {
            test = source.test(classifier.input());
        } catch (BadInputException e) {
            if (data != null) {
                throw e;
            }
            note("no map: " + e.getMessage());
            return null;
        }
        if (!test.classNames().equals(classifier.classNames())) {
            if (data != null) {
                throw new ParameterException(spec.commandLine(), "--data " + data + " has the classes "
                        + test.classNames() + ", the model " + classifier.classNames());
            }
            note("no map: the model's classes are not Fashion-MNIST's; name its test images with --data");
            return null;
        }
        long start = System.nanoTime();
        note(String.format(Locale.ROOT, "mapping %d test images of %s with t-SNE (perplexity %s)...",
                Math.min(points, test.size()), source, tsne.perplexity()));
        if (Math.min(points, test.size()) < 3 * tsne.perplexity() + 1) {
            note("no map: " + test.size() + " images are too few for t-SNE with perplexity " + tsne.perplexity());
            return null;
        }
        TsneMap map = TsneMap.of(classifier, test, points, tsne);
        note(String.format(Locale.ROOT, "t-SNE map in %.1f s; 5-NN accuracy %.1f%% in the map, %.1f%% in the "
                + "features", (System.nanoTime() - start) / 1e9, 100 * map.mapAccuracy(), 100 * map.featureAccuracy()));
        return map;
    }
}
