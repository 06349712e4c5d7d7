package org.codearena.contest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaderboardTest {

    private final Leaderboard board = Leaderboard.ranked(1, "spring-cup", List.of(
            new Leaderboard.Row(0, 1, "ada", "EU", 17, 60, List.of(9, 8), List.of(1, 1)),
            new Leaderboard.Row(0, 2, "bob", "NA", 9, 50, List.of(9, 0), List.of(1, 0))));

    @Test
    void aViewIsRenderedOnceAndThenHandedOutAsItIs() {
        AtomicInteger renders = new AtomicInteger();
        String first = board.rendered("EU|100", () -> "view " + renders.incrementAndGet());
        String second = board.rendered("EU|100", () -> "view " + renders.incrementAndGet());

        assertThat(first).isEqualTo("view 1").isSameAs(second);
        assertThat(renders).hasValue(1);
    }

    @Test
    void viewsPastTheBoundAreRenderedForTheirReaderAndNotKept() {
        for (int limit = 1; limit <= 1000; limit++) {
            int each = limit;
            assertThat(board.rendered("|" + limit, () -> "top " + each)).isEqualTo("top " + each);
        }
        assertThat(board.renderedViews()).isEqualTo(Leaderboard.MAX_RENDERINGS);
    }

    @Test
    void rowsAreRankedOverallAndWithinTheirRegion() {
        assertThat(board.region(null)).extracting(Leaderboard.Row::rank).containsExactly(1, 2);
        assertThat(board.region("NA")).extracting(Leaderboard.Row::username).containsExactly("bob");
        assertThat(board.region("NA")).extracting(Leaderboard.Row::rank).containsExactly(1);
        assertThat(board.region("Mars")).isEmpty();
    }
}
