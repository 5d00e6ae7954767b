package dev.pigment.models.io;

import dev.pigment.core.BadInputException;
import java.net.URL;
import java.util.List;
import java.util.Objects;

/**
 * Where the ready-trained models of the {@code dev.pigment:pigment-pretrained} artifact live on the class path: each
 * under {@code dev/pigment/pretrained/<name>/}, as {@code model.pigment} beside its {@code MODEL_CARD.md} (the data,
 * the recipe, the command that reproduces it and its scores with the CPU they were measured on). Load them with
 * {@code Classifier.pretrained(name)}, {@code Colorizer.pretrained()} and {@code Colorizer.pretrained(name)}.
 */
public final class Pretrained {
    /** The demo's Fashion-MNIST classifier (28×28 grayscale, 10 classes). */
    public static final String FASHION_MNIST = "fashion-mnist";
    /**
     * The default colorizer, trained on the real photographs of nine Debian sources (eleven packages: landscapes,
     * animals, objects, monuments): colour that holds on photos of many kinds.
     */
    public static final String PHOTOS = "photos";
    /**
     * A colorizer trained on the 34 Debian wallpaper photographs only: stronger colour on saturated landscapes and
     * flowers like them, below gray on muted photos.
     */
    public static final String WALLPAPERS = "wallpapers";
    /** The pretrained colorizers, the default first. */
    public static final List<String> COLORIZERS = List.of(PHOTOS, WALLPAPERS);
    /** The class-path folder that holds the models. */
    public static final String ROOT = "dev/pigment/pretrained/";

    private Pretrained() {
    }

    /** The resource name of a pretrained model's file. */
    public static String modelResource(String name) {
        return ROOT + checkName(name) + "/model.pigment";
    }

    /** The resource name of a pretrained model's card. */
    public static String cardResource(String name) {
        return ROOT + checkName(name) + "/MODEL_CARD.md";
    }

    /**
     * The URL of a pretrained model's file on the class path of {@code loader}.
     *
     * @throws BadInputException if there is no such model, naming the artifact to add when none is on the class path
     * @throws IllegalArgumentException if {@code name} is not lower-case letters, digits and '-'
     */
    public static URL locate(String name, ClassLoader loader) throws BadInputException {
        String resource = modelResource(name);
        URL url = Objects.requireNonNull(loader, "loader").getResource(resource);
        if (url == null) {
            boolean any = loader.getResource(cardResource(FASHION_MNIST)) != null;
            throw new BadInputException(resource, any
                    ? "no pretrained model \"" + name + "\" (there are \"" + FASHION_MNIST + "\", \"" + PHOTOS
                            + "\" and \"" + WALLPAPERS + "\")"
                    : "no pretrained models on the class path: add the dependency dev.pigment:pigment-pretrained", null);
        }
        return url;
    }

    private static String checkName(String name) {
        if (Objects.requireNonNull(name, "name").isBlank() || !name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("a pretrained model's name is lower-case letters, digits and '-', got"
                    + " \"" + name + "\"");
        }
        return name;
    }
}
