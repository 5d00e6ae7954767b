package dev.pigment.models.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Which arrays native code may read as contiguous c-order memory. */
class NativeLayersTest {

    @Test
    void stridesOfSizeOneDimensionsDoNotMatter() {
        // what DL4J hands a layer with one input channel as its weight gradient view: [16, 1, 3, 3], the size-1
        // dimension's stride not the product of the later sizes
        INDArray flat = Nd4j.linspace(DataType.FLOAT, 1, 16 * 9, 1);
        INDArray view = Nd4j.create(flat.data(), new long[] {16, 1, 3, 3}, new long[] {9, 1, 3, 1}, 0, 'c',
                DataType.FLOAT);
        assertFalse(Shape.hasDefaultStridesForShape(view));
        assertTrue(NativeLayers.isRowMajor(view));
        assertTrue(NativeLayers.isRowMajor(Nd4j.create(DataType.FLOAT, new long[] {1, 16}, 'f')));
        assertTrue(NativeLayers.isRowMajor(Nd4j.create(DataType.FLOAT, 2, 3, 4, 5)));
    }

    @Test
    void transposedAndStridedViewsAreNotRowMajor() {
        INDArray a = Nd4j.create(DataType.FLOAT, 3, 4);
        assertFalse(NativeLayers.isRowMajor(a.transpose()));
        assertFalse(NativeLayers.isRowMajor(Nd4j.create(DataType.FLOAT, new long[] {3, 4}, 'f')));
        assertFalse(NativeLayers.isRowMajor(a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2))));
        // a row of a c-order matrix is contiguous: isRowMajor, with the offset the address accounts for
        assertTrue(NativeLayers.isRowMajor(a.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all())));
    }
}
