package dev.pigment.peer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.pigment.benchmarks.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * The PyTorch side of pigment's side-by-side benchmark, run in a JVM of its own by {@code SideBySide}: it trains and
 * runs {@link PyTorchCnn} on a fixed batch with Adam 1e-3 under the shared {@link Protocol} (options {@code --batch},
 * {@code --warmup}, {@code --chunks}, {@code --steps}) and prints one result line. Run offline:
 *
 * <pre>java -Dai.djl.offline=true -jar benchmarks-pytorch/target/pytorch-peer.jar --batch 128</pre>
 */
public final class PeerMain {
    private PeerMain() {
    }

    public static void main(String[] args) {
        List<String> others = new ArrayList<>();
        Protocol.Options options = Protocol.Options.parse(List.of(args), others);
        if (!others.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + others
                    + "; accepted: --batch, --warmup, --chunks, --steps");
        }
        System.out.println(run(options).line());
    }

    static Protocol.Measurement run(Protocol.Options options) {
        int batch = options.batch();
        try (Model model = Model.newInstance("small-cnn")) {
            model.setBlock(PyTorchCnn.block());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batch, 1, PyTorchCnn.HEIGHT, PyTorchCnn.WIDTH));
                NDManager manager = model.getNDManager();
                float[][] data = PyTorchCnn.batch(batch, 7);
                Shape shape = new Shape(batch, 1, PyTorchCnn.HEIGHT, PyTorchCnn.WIDTH);
                double[] loss = new double[1];
                // Each step's inputs live in a sub-manager closed after the step: DJL attaches every result to its
                // input's manager, so inputs kept in the model's manager would keep every step's tensors alive.
                Runnable trainStep = () -> {
                    try (NDManager step = manager.newSubManager();
                         GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray x = step.create(data[0], shape);
                        NDArray y = step.create(data[1], new Shape(batch));
                        NDList prediction = trainer.forward(new NDList(x));
                        NDArray l = trainer.getLoss().evaluate(new NDList(y), prediction);
                        collector.backward(l);
                        loss[0] = l.getFloat();
                    }
                    trainer.step();
                };
                trainStep.run();
                double firstLoss = loss[0];
                double train = Protocol.medianRate(trainStep, options);
                double lastLoss = loss[0];
                double infer = Protocol.medianRate(() -> {
                    try (NDManager step = manager.newSubManager()) {
                        trainer.evaluate(new NDList(step.create(data[0], shape))).singletonOrThrow().toFloatArray();
                    }
                }, options);
                return new Protocol.Measurement(train, infer, firstLoss, lastLoss, Protocol.peakRssMb());
            }
        }
    }
}
