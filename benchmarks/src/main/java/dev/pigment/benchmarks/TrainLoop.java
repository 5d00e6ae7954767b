package dev.pigment.benchmarks;

import dev.pigment.benchmarks.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * pigment's side of the side-by-side benchmark, run in a JVM of its own by {@link SideBySide}: trains and runs a
 * workload under an engine variant on a fixed batch with Adam 1e-3, timed by the shared {@link Protocol}, and
 * prints one result line. Options: {@code --engine} (default PIGMENT), {@code --workload} (default SMALL_CNN), and
 * the protocol's.
 */
public final class TrainLoop {
    private TrainLoop() {
    }

    public static void main(String[] args) {
        List<String> others = new ArrayList<>();
        Protocol.Options options = Protocol.Options.parse(List.of(args), others);
        EngineVariant engine = EngineVariant.PIGMENT;
        Workload workload = Workload.SMALL_CNN;
        for (int i = 0; i < others.size(); i++) {
            String a = others.get(i);
            if (i + 1 >= others.size()) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            switch (a) {
                case "--engine" -> engine = EngineVariant.valueOf(others.get(++i));
                case "--workload" -> workload = Workload.valueOf(others.get(++i));
                default -> throw new IllegalArgumentException("unknown option " + a
                        + "; accepted: --engine, --workload, --batch, --warmup, --chunks, --steps");
            }
        }
        if (engine.needsHelpers()) {
            System.setProperty(EngineVariant.HELPERS_PROPERTY, "false");   // this JVM runs this variant alone
        }
        System.out.println(run(engine, workload, options).line());
    }

    static Protocol.Measurement run(EngineVariant engine, Workload workload, Protocol.Options options) {
        Network net = engine.create(workload, 42);
        DataSet data = workload.batch(options.batch(), engine.format, 7);
        // the losses of the first and the last training step, as the PyTorch peer reports them: no separate scoring
        // pass (DL4J's score(DataSet) keeps every layer's activation outside the workspaces until collected)
        double[] loss = {Double.NaN};
        Runnable step = () -> {
            loss[0] = net.fit(data);
            Nd4j.getExecutioner().commit();
        };
        step.run();
        double firstLoss = loss[0];
        double train = Protocol.medianRate(step, options);
        double lastLoss = loss[0];
        double infer = Protocol.medianRate(() -> {
            net.output(data.getFeatures());
            Nd4j.getExecutioner().commit();
        }, options);
        return new Protocol.Measurement(train, infer, firstLoss, lastLoss, Protocol.peakRssMb());
    }
}
