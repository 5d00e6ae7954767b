package dev.pigment.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pigment.cli.report.Json;
import dev.pigment.cli.view.Tiles;
import dev.pigment.cli.view.TsneMap;
import dev.pigment.core.BadInputException;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.classifier.ClassifierConfig;
import dev.pigment.models.classifier.Prediction;
import dev.pigment.models.colorizer.Colorizer;
import dev.pigment.models.colorizer.ColorizerHead;
import dev.pigment.models.engine.NetworkSummary.LayerInfo;
import dev.pigment.models.inspect.FeatureMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The model explorer: a local web server (the JDK's {@code com.sun.net.httpserver}) with one page and a small JSON
 * API over a trained model. For a classifier: predictions, every layer's activations with its shape, receptive field
 * and parameters, the first-layer filters, a saliency map, and a t-SNE map of a data set ({@link TsneMap}); for a
 * colorizer: full-resolution colorization, at a temperature for the classification head. Nothing is fetched from
 * the network; a bad request gets a clear HTTP error and the server goes on.
 */
public final class Explorer implements AutoCloseable {
    /** The largest request body read. */
    public static final int MAX_BODY = 16 << 20;

    /** The largest image an upload may decode to: 40 megapixels, an 8K photo. */
    public static final long MAX_PIXELS = 40_000_000L;

    /** Channels of one layer shown at most. */
    static final int MAX_TILES = 64;

    private final HttpServer server;
    private final ExecutorService workers;
    private final Classifier classifier;
    private final Colorizer colorizer;
    private final String name;
    private final TsneMap map;

    private Explorer(HttpServer server, ExecutorService workers, Classifier classifier, Colorizer colorizer,
                     String name, TsneMap map) {
        this.server = server;
        this.workers = workers;
        this.classifier = classifier;
        this.colorizer = colorizer;
        this.name = name;
        this.map = map;
    }

    /**
     * Serves a classifier on {@code address} (port 0 picks a free one).
     *
     * @param name what the page calls the model
     * @param map the t-SNE map of a data set, or null for none
     */
    public static Explorer classifier(InetSocketAddress address, Classifier classifier, String name, TsneMap map)
            throws IOException {
        return start(address, Objects.requireNonNull(classifier, "classifier"), null, name, map);
    }

    /** Serves a colorizer on {@code address}. */
    public static Explorer colorizer(InetSocketAddress address, Colorizer colorizer, String name) throws IOException {
        return start(address, null, Objects.requireNonNull(colorizer, "colorizer"), name, null);
    }

    private static Explorer start(InetSocketAddress address, Classifier classifier, Colorizer colorizer, String name,
                                  TsneMap map) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime()
                .availableProcessors()), r -> {
                    Thread t = new Thread(r, "pigment-explorer");
                    t.setDaemon(true);
                    return t;
                });
        Explorer e = new Explorer(server, workers, classifier, colorizer, name, map);
        server.createContext("/", e::handle);
        server.setExecutor(workers);
        server.start();
        return e;
    }

    /** The page's address. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "localhost" : a.getHostString();
        if (host.contains(":")) {
            host = "[" + host + "]";   // an IPv6 address
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    /** An error the client made: its HTTP status and a message for the page. */
    static final class HttpError extends Exception {
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            try {
                route(x);
            } catch (HttpError e) {
                json(x, e.status, "{\"error\": " + Json.quote(e.getMessage()) + "}");
            } catch (BadInputException e) {
                json(x, 415, "{\"error\": " + Json.quote(e.getMessage()) + "}");
            } catch (RuntimeException e) {
                json(x, 500, "{\"error\": " + Json.quote("the model failed: " + e) + "}");
            } catch (OutOfMemoryError e) {
                json(x, 503, "{\"error\": " + Json.quote("out of memory for this request: try a smaller image")
                        + "}");
            }
        }
    }

    private void route(HttpExchange x) throws IOException, HttpError {
        String path = x.getRequestURI().getPath();
        String method = x.getRequestMethod();
        switch (path) {
            case "/", "/index.html" -> {
                expect(method, "GET");
                send(x, 200, "text/html; charset=utf-8", page());
            }
            case "/api/model" -> {
                expect(method, "GET");
                json(x, 200, modelJson());
            }
            case "/api/classify" -> {
                expect(method, "POST");
                json(x, 200, classify(image(x)));
            }
            case "/api/saliency" -> {
                expect(method, "POST");
                json(x, 200, saliency(image(x), query(x, "class")));
            }
            case "/api/filters.png" -> {
                expect(method, "GET");
                send(x, 200, "image/png", Tiles.png(Tiles.filters(needClassifier().firstLayerFilters())));
            }
            case "/api/map" -> {
                expect(method, "GET");
                if (map == null) {
                    throw new HttpError(404, "no map: start pigment serve with --data");
                }
                json(x, 200, map.json());
            }
            case "/api/image" -> {
                expect(method, "GET");
                if (map == null) {
                    throw new HttpError(404, "no map: start pigment serve with --data");
                }
                double asked = query(x, "i");
                int i = (int) asked;
                if (i != asked || i < 0 || i >= map.size()) {
                    throw new HttpError(404, "no image " + asked + " (0.." + (map.size() - 1) + ")");
                }
                send(x, 200, "image/png", Tiles.png(map.image(i)));
            }
            case "/api/colorize" -> {
                expect(method, "POST");
                send(x, 200, "image/png", Tiles.png(colorize(image(x), x)));
            }
            default -> throw new HttpError(404, "no such page: " + path);
        }
    }

    private static void expect(String method, String wanted) throws HttpError {
        if (!method.equals(wanted)) {
            throw new HttpError(405, method + " is not allowed here; use " + wanted);
        }
    }

    private Classifier needClassifier() throws HttpError {
        if (classifier == null) {
            throw new HttpError(404, "this is a colorizer; classification pages need a classifier");
        }
        return classifier;
    }

    /** The request body as an image: at most {@link #MAX_BODY} bytes, decodable. */
    private static Bitmap image(HttpExchange x) throws IOException, HttpError, BadInputException {
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw new HttpError(413, "the image is over " + (MAX_BODY >> 20) + " MB");
        }
        if (body.length == 0) {
            throw new HttpError(400, "send an image (PNG, JPEG, ...) as the request body");
        }
        Bitmap image = ImageFiles.decode(body, Path.of("the uploaded image"));
        if ((long) image.height() * image.width() > MAX_PIXELS) {
            throw new HttpError(413, "the image is " + image.width() + "x" + image.height() + "; the explorer takes "
                    + "at most " + MAX_PIXELS / 1_000_000 + " megapixels");
        }
        return image;
    }

    private static double query(HttpExchange x, String key) throws HttpError {
        String q = x.getRequestURI().getQuery();
        if (q != null) {
            for (String part : q.split("&")) {
                if (part.startsWith(key + "=")) {
                    try {
                        return Double.parseDouble(part.substring(key.length() + 1));
                    } catch (NumberFormatException e) {
                        throw new HttpError(400, key + " must be a number, got \"" + part.substring(key.length() + 1)
                                + "\"");
                    }
                }
            }
        }
        throw new HttpError(400, "missing ?" + key + "=");
    }

    private String modelJson() {
        StringBuilder sb = new StringBuilder("{\"kind\": ").append(Json.quote(classifier != null ? "classifier"
                : "colorizer")).append(", \"name\": ").append(Json.quote(name));
        if (classifier != null) {
            sb.append(", \"classes\": [");
            List<String> names = classifier.classNames();
            for (int i = 0; i < names.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(Json.quote(names.get(i)));
            }
            sb.append("], \"input\": {\"height\": ").append(classifier.input().height()).append(", \"width\": ")
                    .append(classifier.input().width()).append(", \"channels\": ").append(classifier.input()
                            .channels()).append("}, \"map\": ").append(map != null).append(", \"layers\": [");
            List<LayerInfo> layers = classifier.layers();
            for (int i = 0; i < layers.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(layerJson(layers.get(i)));
            }
            sb.append("]");
        } else {
            sb.append(", \"temperature\": ").append(colorizer.head() instanceof ColorizerHead.Classification c
                    ? String.valueOf(c.temperature()) : "null");
        }
        return sb.append("}").toString();
    }

    private static String layerJson(LayerInfo l) {
        return String.format(Locale.ROOT, "{\"name\": %s, \"kind\": %s, \"output\": %s, \"params\": %d, \"field\": %d, "
                + "\"stride\": %s}", Json.quote(l.name()), Json.quote(l.kind()), Json.quote(l.output()), l.params(),
                l.receptiveField(), l.stride());
    }

    /** Top-k and every layer's activations as images. */
    private String classify(Bitmap image) throws HttpError {
        Classifier c = needClassifier();
        long start = System.nanoTime();
        Prediction p = c.classify(image);
        Map<String, FeatureMap> activations = c.activations(image);
        StringBuilder sb = new StringBuilder("{\"top\": [");
        List<Prediction.Scored> top = p.top(Math.min(5, c.classNames().size()));
        for (int i = 0; i < top.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "{\"label\": %s, \"probability\": %s}",
                    Json.quote(top.get(i).label()), Json.number(top.get(i).probability())));
        }
        sb.append("], \"layers\": [");
        boolean first = true;
        for (Map.Entry<String, FeatureMap> e : activations.entrySet()) {
            Tiles.Grid grid = Tiles.activations(e.getValue(), MAX_TILES);
            sb.append(first ? "" : ", ").append(String.format(Locale.ROOT, "{\"name\": %s, \"shape\": %s, "
                            + "\"channels\": %d, \"shown\": %d, \"columns\": %d, \"tileHeight\": %d, \"tileWidth\": %d, "
                            + "\"vector\": %b, \"image\": %s}", Json.quote(e.getKey()),
                    Json.quote(e.getValue().height() + "x" + e.getValue().width() + "x" + e.getValue().channels()),
                    e.getValue().channels(), grid.shown(), grid.columns(), grid.tileHeight(), grid.tileWidth(),
                    e.getValue().isVector(), Json.quote(Tiles.dataUrl(grid.image()))));
            first = false;
        }
        sb.append(String.format(Locale.ROOT, "], \"milliseconds\": %.1f}", (System.nanoTime() - start) / 1e6));
        return sb.toString();
    }

    private String saliency(Bitmap image, double cls) throws HttpError {
        Classifier c = needClassifier();
        int k = (int) cls;
        if (k != cls || k < 0 || k >= c.classNames().size()) {
            throw new HttpError(400, "class must be 0.." + (c.classNames().size() - 1) + ", got " + cls);
        }
        FeatureMap s = c.saliency(image, k);
        FeatureMap input = c.activations(image).get(ClassifierConfig.INPUT);
        return "{\"class\": " + Json.quote(c.classNames().get(k)) + ", \"image\": "
                + Json.quote(Tiles.dataUrl(Tiles.saliency(input, s))) + "}";
    }

    private Bitmap colorize(Bitmap photo, HttpExchange x) throws HttpError {
        if (colorizer == null) {
            throw new HttpError(404, "this is a classifier; colorization needs a colorizer model");
        }
        int side = colorizer.workingSide();
        if (photo.height() < 16 || photo.width() < 16) {
            throw new HttpError(422, "the photo is " + photo.width() + "x" + photo.height() + "; pigment colorizes "
                    + "photos of at least 16x16 (it works at " + side + " pixels on the short side)");
        }
        Colorizer c = colorizer;
        String q = x.getRequestURI().getQuery();
        if (q != null && q.contains("temperature=")) {
            double t = query(x, "temperature");
            if (!(colorizer.head() instanceof ColorizerHead.Classification)) {
                throw new HttpError(400, "only a classification-head colorizer decodes at a temperature");
            }
            if (!(t > 0 && t <= 2)) {
                throw new HttpError(400, "temperature must be in (0, 2], got " + t);
            }
            c = colorizer.withTemperature(t);
        }
        return c.colorize(photo);
    }

    private static byte[] page() throws IOException {
        try (InputStream in = Explorer.class.getResourceAsStream("explorer.html")) {
            if (in == null) {
                throw new IOException("explorer.html is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    private static void json(HttpExchange x, int status, String body) throws IOException {
        send(x, status, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }
}
