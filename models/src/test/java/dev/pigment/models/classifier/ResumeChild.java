package dev.pigment.models.classifier;

import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.train.ProgressListener;
import dev.pigment.models.train.Training;
import dev.pigment.models.train.TrainingHistory;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run of {@link KilledTrainingTest}, in a JVM of its own: {@code full} trains to the end, {@code kill}
 * stops in the middle of epoch 4 and waits to be killed, {@code resume} continues from the newest checkpoint. At the
 * end it writes the final weights (and prints the epochs trained).
 */
public final class ResumeChild {
    static final int EPOCHS = 6;

    private ResumeChild() {
    }

    /** Arguments: mode, checkpoint folder, file for the final weights. */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        List<String> classes = List.of("horizontal", "vertical", "diagonal");
        LabelledImages train = Stripes.set(classes, 24, 3);
        LabelledImages validation = Stripes.set(classes, 6, 4);
        Classifier c = Classifier.create(Stripes.config(3).hidden(16).headDropout(0.3).build(), train);
        Training.Builder t = Training.builder(EPOCHS, 7).batchSize(16).warmupEpochs(1).averaging(0.9)
                .restoreBest(false).checkpoints(dir, 1).keepCheckpoints(2).resume(mode.equals("resume"));
        if (mode.equals("kill")) {
            t.progress(new ProgressListener() {
                @Override
                public void batchDone(int epoch, int batch, int batches, double loss) {
                    if (epoch == 4 && batch == 2) {
                        System.out.println("READY");
                        System.out.flush();
                        try {
                            Thread.sleep(600_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            });
        }
        TrainingHistory h = c.train(train, validation, t.build(), Augmentation.horizontalFlip(0.5));
        float[] weights = c.network().params().toFloatVector();
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[2])))) {
            out.writeInt(weights.length);
            for (float w : weights) {
                out.writeFloat(w);
            }
        }
        System.out.println("DONE epochs " + h.epochs().size() + " best " + h.bestEpoch());
    }
}
