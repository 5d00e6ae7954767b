package dev.pigment.peer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
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
 * runs a {@link PyTorchCnn} network on a fixed batch with Adam 1e-3 under the shared {@link Protocol} (options
 * {@code --batch}, {@code --warmup}, {@code --chunks}, {@code --steps}) and prints one result line. Without
 * {@code --stages} the network is the engine issue's CNN; with {@code --stages 32x1:0,64x2:0 --hidden 256
 * --head-dropout 0.1} it is that pigment classifier; with {@code --unet 16,32,64,128} it is pigment's colorizer
 * ({@link PyTorchUNet}, 64×64, L1 loss). Run offline:
 *
 * <pre>java -Dai.djl.offline=true -jar benchmarks-pytorch/target/pytorch-peer.jar --batch 128</pre>
 */
public final class PeerMain {
    private PeerMain() {
    }

    public static void main(String[] args) {
        List<String> others = new ArrayList<>();
        Protocol.Options options = Protocol.Options.parse(List.of(args), others);
        String stages = null;
        String unet = null;
        List<Integer> hidden = new ArrayList<>();
        double headDropout = 0;
        for (int i = 0; i < others.size(); i += 2) {
            if (i + 1 >= others.size()) {
                throw new IllegalArgumentException(others.get(i) + " needs a value");
            }
            String v = others.get(i + 1);
            switch (others.get(i)) {
                case "--stages" -> stages = v;
                case "--hidden" -> {
                    for (String w : v.split(",")) {
                        if (!w.isBlank()) {
                            hidden.add(Integer.parseInt(w));
                        }
                    }
                }
                case "--head-dropout" -> headDropout = Double.parseDouble(v);
                case "--unet" -> unet = v;
                default -> throw new IllegalArgumentException("unknown option " + others.get(i)
                        + "; accepted: --batch, --warmup, --chunks, --steps, --stages, --hidden, --head-dropout,"
                        + " --unet");
            }
        }
        if (unet != null) {
            System.out.println(run(new PyTorchUNet(PyTorchUNet.parseWidths(unet)), options,
                    colorization(options.batch())).line());
            return;
        }
        Block block = stages == null ? PyTorchCnn.block()
                : PyTorchCnn.classifier(PyTorchCnn.parseStages(stages), hidden, headDropout);
        System.out.println(run(block, options, classification(options.batch())).line());
    }

    /** What a network is trained on: the loss and one fixed batch of inputs and labels. */
    record Task(Loss loss, Shape inputShape, float[] inputs, Shape labelShape, float[] labels) {
    }

    /** The classifiers' task: {@link PyTorchCnn#batch}, softmax cross-entropy. */
    static Task classification(int batch) {
        float[][] data = PyTorchCnn.batch(batch, 7);
        return new Task(Loss.softmaxCrossEntropyLoss(), new Shape(batch, 1, PyTorchCnn.HEIGHT, PyTorchCnn.WIDTH),
                data[0], new Shape(batch), data[1]);
    }

    /** The colorizer's task: {@link PyTorchUNet#batch}, L1. */
    static Task colorization(int batch) {
        float[][] data = PyTorchUNet.batch(batch, 7);
        return new Task(Loss.l1Loss(), new Shape(batch, 1, PyTorchUNet.SIZE, PyTorchUNet.SIZE), data[0],
                new Shape(batch, 2, PyTorchUNet.SIZE, PyTorchUNet.SIZE), data[1]);
    }

    /** Trains and runs {@code block} on the task's fixed batch. */
    static Protocol.Measurement run(Block block, Protocol.Options options, Task task) {
        try (Model model = Model.newInstance("peer")) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(task.loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(task.inputShape());
                NDManager manager = model.getNDManager();
                Shape shape = task.inputShape();
                double[] loss = new double[1];
                // Each step's inputs live in a sub-manager closed after the step: DJL attaches every result to its
                // input's manager, so inputs kept in the model's manager would keep every step's tensors alive.
                Runnable trainStep = () -> {
                    try (NDManager step = manager.newSubManager();
                         GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray x = step.create(task.inputs(), shape);
                        NDArray y = step.create(task.labels(), task.labelShape());
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
                        trainer.evaluate(new NDList(step.create(task.inputs(), shape))).singletonOrThrow()
                                .toFloatArray();
                    }
                }, options);
                return new Protocol.Measurement(train, infer, firstLoss, lastLoss, Protocol.peakRssMb());
            }
        }
    }
}
