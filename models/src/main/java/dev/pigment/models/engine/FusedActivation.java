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
 * pre-activation. ReLU's derivative runs on oneDNN ({@link OneDnnReluBackward}, one pass) for float32 arrays where
 * its natives load; elsewhere as {@code step(output) * epsilon} with two vectorised legacy ops, 4× faster than
 * libnd4j's {@code relu_bp} (a per-element {@code std::function}) on a 128×28×28×32 tensor.
 *
 * <p>One instance per layer; not thread-safe, like the DL4J layers that own it.
 */
final class FusedActivation {
    private enum Kind { RELU, IDENTITY, OTHER }

    private final IActivation function;
    private final Kind kind;
    private INDArray cached;
    /** ReLU's backward primitives by array length, made on first use. */
    private OneDnnPrimitives.Cache<Long, OneDnnReluBackward> reluBackward;

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
     * Remembers what the backward pass needs of {@code out}, a ReLU output that a primitive has already computed
     * (ReLU fused into a oneDNN convolution), and returns it.
     *
     * @throws IllegalStateException if the activation is not plain ReLU
     */
    INDArray appliedBefore(INDArray out, boolean training) {
        if (kind != Kind.RELU) {
            throw new IllegalStateException("only ReLU is fused into a primitive, not " + function);
        }
        cached = training ? out : null;
        return out;
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
            OneDnnReluBackward direct = oneDnn(epsilon, dz);
            if (direct != null) {
                direct.backward(cached, epsilon, dz);
            } else {
                Nd4j.exec(new Step(cached, dz, 0.0));
                dz.muli(epsilon);
            }
        } else {
            dz = function.backprop(mgr.dup(ArrayType.BP_WORKING_MEM, cached), epsilon).getFirst();
        }
        cached = null;
        return dz;
    }

    void clear() {
        cached = null;
    }

    /**
     * ReLU's backward pass on oneDNN for {@code epsilon} into {@code dz}, made on first use of their length; null
     * where the arrays are not all float32 and contiguous in the same order, or oneDNN's natives are not loaded.
     */
    private OneDnnReluBackward oneDnn(INDArray epsilon, INDArray dz) {
        if (cached.dataType() != DataType.FLOAT || epsilon.dataType() != DataType.FLOAT
                || dz.dataType() != DataType.FLOAT || !java.util.Arrays.equals(cached.shape(), epsilon.shape())
                || !NativeLayers.isRowMajor(cached) || !NativeLayers.isRowMajor(epsilon) || OneDnn.get().isEmpty()) {
            return null;
        }
        if (reluBackward == null) {
            reluBackward = new OneDnnPrimitives.Cache<>();
        }
        return reluBackward.get(epsilon.length(), n -> new OneDnnReluBackward(OneDnn.get().orElseThrow(), n));
    }
}
