package dev.pigment.models.engine;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A layer's activation applied in place to its pre-activation, remembering what the backward pass needs: for plain
 * ReLU only the output (the mask is {@code output > 0}), for identity nothing, for any other DL4J activation the
 * pre-activation. ReLU's derivative is computed as {@code step(output) * epsilon} with two vectorised legacy ops,
 * 4× faster than libnd4j's {@code relu_bp} (a per-element {@code std::function}) on a 128×28×28×32 tensor.
 *
 * <p>One instance per layer; not thread-safe, like the DL4J layers that own it.
 */
final class FusedActivation {
    private enum Kind { RELU, IDENTITY, OTHER }

    private final IActivation function;
    private final Kind kind;
    private INDArray cached;

    FusedActivation(IActivation function) {
        this.function = function;
        if (function instanceof ActivationReLU r && r.getMax() == null
                && (r.getThreshold() == null || r.getThreshold() == 0)
                && (r.getNegativeSlope() == null || r.getNegativeSlope() == 0)) {
            kind = Kind.RELU;
        } else {
            kind = function instanceof ActivationIdentity ? Kind.IDENTITY : Kind.OTHER;
        }
    }

    /** Whether the activation is plain ReLU ({@code max(0, z)}). */
    boolean isRelu() {
        return kind == Kind.RELU;
    }

    /** Applies the activation to {@code z} (in place where possible) and returns the output. */
    INDArray forward(INDArray z, boolean training, LayerWorkspaceMgr mgr) {
        cached = null;
        return switch (kind) {
            case RELU -> {
                Nd4j.exec(new RectifiedLinear(z, z, 0.0));
                cached = training ? z : null;
                yield z;
            }
            case IDENTITY -> z;
            case OTHER -> {
                cached = training ? z : null;
                yield function.getActivation(training ? mgr.dup(ArrayType.ACTIVATIONS, z) : z, training);
            }
        };
    }

    /**
     * The gradient with respect to the pre-activation, from {@code epsilon}, the gradient with respect to the
     * output. Needs a training {@link #forward} since the last call.
     */
    INDArray backward(INDArray epsilon, DataType dataType, LayerWorkspaceMgr mgr, String layer) {
        if (kind == Kind.IDENTITY) {
            return epsilon;
        }
        if (cached == null) {
            throw new IllegalStateException(layer + ": backprop without a training forward pass");
        }
        INDArray dz;
        if (kind == Kind.RELU) {
            dz = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, epsilon.shape(), 'c');
            Nd4j.exec(new Step(cached, dz, 0.0));
            dz.muli(epsilon);
        } else {
            dz = function.backprop(mgr.dup(ArrayType.BP_WORKING_MEM, cached), epsilon).getFirst();
        }
        cached = null;
        return dz;
    }

    void clear() {
        cached = null;
    }
}
