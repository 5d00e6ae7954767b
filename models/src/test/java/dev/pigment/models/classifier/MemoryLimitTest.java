package dev.pigment.models.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch that does not fit in ND4J's off-heap limits is a clear error, and the JVM goes on. */
class MemoryLimitTest {
    @Test
    void aBatchOverTheOffHeapLimitIsAClearErrorNotACrash() throws Exception {
        ChildJvm child = ChildJvm.start(MemoryLimitChild.class, List.of("-Dorg.bytedeco.javacpp.maxbytes=300m",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=1200m"), "30000");
        String refused = child.await("REFUSED");
        assertTrue(refused.contains("a batch of 30000 images of 28x28 does not fit in the memory ND4J may use"),
                refused);
        assertTrue(refused.contains("maxphysicalbytes"), refused);
        assertEquals("THEN 8", child.finish("THEN"));
    }
}
