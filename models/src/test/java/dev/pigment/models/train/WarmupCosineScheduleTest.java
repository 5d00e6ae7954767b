package dev.pigment.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** The warm-up + cosine schedule, its re-planning for time budgets, and the loop's planning arithmetic. */
class WarmupCosineScheduleTest {
    @Test
    void warmsUpThenFollowsTheHalfCosine() {
        WarmupCosineSchedule s = new WarmupCosineSchedule(1.0, 10, 110, 0.01);
        assertEquals(0.1, s.valueAt(0, 0), 1e-12);
        assertEquals(1.0, s.valueAt(9, 0), 1e-12);
        assertEquals(1.0, s.valueAt(10, 0), 1e-12);
        // halfway through the cosine: the mean of peak and end
        assertEquals(0.01 + 0.99 * 0.5, s.valueAt(60, 0), 1e-12);
        assertEquals(0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.valueAt(35, 0), 1e-12);
        assertEquals(0.01, s.valueAt(110, 0), 1e-12);
        assertEquals(0.01, s.valueAt(500, 0), 1e-12);
    }

    @Test
    void replanningMovesTheEndWithoutAJump() {
        WarmupCosineSchedule s = new WarmupCosineSchedule(2.0, 4, 104, 0.0);
        double before = s.valueAt(54, 0);
        WarmupCosineSchedule longer = s.replan(54, 204);
        assertEquals(before, longer.valueAt(54, 0), 1e-12, "same rate where it was re-planned");
        assertEquals(0.5, longer.progress(54), 1e-12);
        // the rest of the cosine (progress 0.5 -> 1) now spans 150 iterations instead of 50
        assertEquals(0.75, longer.progress(129), 1e-12);
        assertEquals(0.0, longer.valueAt(204, 0), 1e-12);
        assertTrue(longer.valueAt(104, 0) > 0.1, "no longer at its end at the old total");
        WarmupCosineSchedule shorter = s.replan(54, 64);
        assertEquals(before, shorter.valueAt(54, 0), 1e-12);
        assertEquals(0.0, shorter.valueAt(64, 0), 1e-12);
        // re-planned during the warm-up: the warm-up is kept and the cosine starts from 0 at its end
        WarmupCosineSchedule early = s.replan(2, 54);
        assertEquals(s.valueAt(2, 0), early.valueAt(2, 0), 1e-12);
        assertEquals(2.0, early.valueAt(4, 0), 1e-12);
        assertEquals(0.5, early.progress(29), 1e-12);
        // monotone over a chain of re-plans
        WarmupCosineSchedule chain = s;
        double last = Double.MAX_VALUE;
        for (int i = 4; i < 300; i++) {
            if (i % 8 == 0) {
                chain = chain.replan(i, 150 + (i % 3) * 40);
            }
            double v = chain.valueAt(i, 0);
            assertTrue(v <= last + 1e-12, "rate rose at " + i);
            last = v;
        }
    }

    @Test
    void savesWithTheNetworkConfigurationAndReadsOlderFiles() throws Exception {
        ObjectMapper json = new ObjectMapper();
        WarmupCosineSchedule s = new WarmupCosineSchedule(1e-3, 5, 100, 0.01).replan(40, 80);
        String text = json.writeValueAsString(s);
        assertEquals(s, json.readValue(text, WarmupCosineSchedule.class));
        WarmupCosineSchedule plain = new WarmupCosineSchedule(1e-3, 5, 100, 0.01);
        String older = json.writeValueAsString(plain).replaceAll(",?\"anchor(Progress)?\":[0-9.]+", "");
        assertFalse(older.contains("anchor"), older);
        ISchedule old = json.readValue(older, WarmupCosineSchedule.class);
        assertEquals(plain, old);
    }

    @Test
    void theBudgetEndFollowsTheMeasuredPace() {
        // 100 iterations in 10 s, the last 50 in 4 s, budget 100 s: 88 s left at 0.08 s each is 1,100 more
        assertEquals(1200, TrainingLoop.budgetEnd(100, 50, 4, 10, 100, 5000));
        assertEquals(500, TrainingLoop.budgetEnd(100, 50, 4, 10, 100, 500), "never past the epochs' cap");
        assertEquals(100, TrainingLoop.budgetEnd(100, 50, 4, 98.5, 100, 5000), "out of time: end here");
        assertEquals(106, TrainingLoop.budgetEnd(100, 50, 4, 97.5, 100, 5000));
    }

    @Test
    void anImageLimitShortensThePlan() {
        Training t = Training.builder(10, 1).batchSize(32).maxImages(250).build();
        // 100 images per epoch in 4 batches: two epochs, then 50 images in 2 batches
        assertEquals(10, TrainingLoop.plannedIterations(t, 4, 100));
        assertEquals(40, TrainingLoop.plannedIterations(Training.builder(10, 1).batchSize(32).build(), 4, 100));
        assertThrows(IllegalArgumentException.class, () -> Training.builder(1, 1).scheduleToBudget(true).build());
        assertThrows(IllegalArgumentException.class, () -> Training.builder(1, 1).maxImages(-1).build());
    }
}
