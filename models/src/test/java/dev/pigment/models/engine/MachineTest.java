package dev.pigment.models.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class MachineTest {
    @Test
    void readsTheFirstProcessorOfCpuinfo() {
        List<String> cpuinfo = List.of(
                "processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 25", "model\t\t: 17",
                "model name\t: AMD EPYC 9R14 96-Core Processor", "flags\t\t: fpu sse2 avx2 fma avx512f avx512_bf16",
                "", "processor\t: 1", "model name\t: something else", "flags\t\t: amx_bf16");
        Machine m = Machine.parse(cpuinfo, 2);
        assertEquals("AMD EPYC 9R14 96-Core Processor", m.model());
        assertEquals(25, m.family());
        assertEquals(17, m.modelNumber());
        assertEquals(List.of("avx2", "avx512f", "avx512_bf16"), m.extensions());
        assertEquals("AMD EPYC 9R14 96-Core Processor (family 25, model 17), 2 cores, avx2 avx512f avx512_bf16",
                m.toString());
    }

    @Test
    void toleratesOtherArchitectures() {
        Machine ppc = Machine.parse(List.of("processor\t: 0", "cpu\t\t: POWER9", "model\t\t: 8335-GTW", "",
                "processor\t: 1", "model\t\t: 8335-GTW"), 4);
        assertEquals(-1, ppc.modelNumber());
        assertEquals(List.of(), ppc.extensions());
    }

    @Test
    void describesThisMachine() {
        Machine m = Machine.current();
        assertEquals(Runtime.getRuntime().availableProcessors(), m.cores());
        assertFalse(m.model().isBlank());
    }
}
