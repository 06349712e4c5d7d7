package org.codearena.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatRulesTest {

    @Test
    void roomKeysParseOrAreRefusedInWords() {
        assertThat(RoomKey.parse("global")).isEqualTo(RoomKey.GLOBAL);
        assertThat(RoomKey.parse("contest:spring-cup").kind()).isEqualTo(RoomKey.Kind.CONTEST);
        assertThat(RoomKey.parse("task:sum-of-two").topic()).isEqualTo("chat:task:sum-of-two");
        assertThat(RoomKey.parse("assessment:12").ref()).isEqualTo("12");
        RoomKey direct = RoomKey.direct(9, 4);
        assertThat(direct.key()).isEqualTo("dm:4:9");
        assertThat(direct.between(4)).isTrue();
        assertThat(direct.between(5)).isFalse();
        assertThat(direct.otherThan(4)).isEqualTo(9);
        for (String bad : new String[] {"", "contest:", "Contest:x", "dm:9:4", "dm:4:4", "task:a b",
                "assessment:0", "global; drop table", "task:" + "a".repeat(70)}) {
            assertThatThrownBy(() -> RoomKey.parse(bad)).as(bad).isInstanceOf(ChatException.class)
                    .matches(e -> ((ChatException) e).status() == 400);
        }
    }

    @Test
    void textIsKeptAsTypedWithoutControlsAndWithinItsLimits() {
        assertThat(ChatText.clean("  <script>alert(1)</script>\r\nsecond\u0007 line ")).isEqualTo(
                "<script>alert(1)</script>\nsecond line");
        assertThat(ChatText.clean("a\u202Eb")).isEqualTo("ab");
        assertThatThrownBy(() -> ChatText.clean(" \n\t")).hasMessageContaining("needs some text");
        assertThatThrownBy(() -> ChatText.clean("x".repeat(2001))).hasMessageContaining("at most 2000 characters")
                .matches(e -> ((ChatException) e).status() == 413);
        assertThatThrownBy(() -> ChatText.clean("x\n".repeat(41))).hasMessageContaining("at most 40 lines");
    }

    @Test
    void mentionsAreNamesAfterAnAtSign() {
        assertThat(ChatText.mentions("@alice and @bob.smith, not mail@example.org; @alice again, @x."))
                .containsExactly("alice", "bob.smith");
        assertThat(ChatText.mentions("@b-o-b. hi")).containsExactly("b-o-b");
    }

    @Test
    void ratesAndSlowModeRefuseWithTheWait() {
        ChatLimits limits = new ChatLimits(3, 10_000);
        limits.take(1, "global", 0, 0);
        limits.take(1, "global", 0, 1_000);
        limits.take(1, "task:x", 0, 2_000);
        assertThatThrownBy(() -> limits.take(1, "global", 0, 3_000)).isInstanceOf(ChatException.class)
                .hasMessageContaining("too fast").matches(e -> ((ChatException) e).retryAfterSeconds() == 7);
        limits.take(2, "global", 0, 3_000);
        limits.take(1, "global", 0, 10_001);

        limits.take(3, "contest:c", 30, 0);
        assertThatThrownBy(() -> limits.take(3, "contest:c", 30, 12_000)).hasMessageContaining("slow mode")
                .matches(e -> ((ChatException) e).retryAfterSeconds() == 18);
        limits.take(3, "global", 30, 12_000);
        limits.take(3, "contest:c", 30, 30_000);
    }

    @Test
    void presenceCountsPeopleOnceAndMergesTheOtherServers() {
        Presence presence = new Presence(30_000);
        assertThat(presence.join("global", 1, "ann")).isTrue();
        assertThat(presence.join("global", 1, "ann")).as("a second tab").isFalse();
        presence.join("global", 2, "bo");
        assertThat(presence.drainDue(0, room -> 2)).containsExactly("global");
        assertThat(presence.drainDue(0, room -> 2)).isEmpty();
        assertThat(presence.leave("global", 1)).isFalse();
        assertThat(presence.summary("global").count()).isEqualTo(2);

        presence.remote("global", "server-2", 3, Map.of(2L, "bo", 7L, "cy", 8L, "di"), 1_000);
        Presence.Summary all = presence.summary("global");
        assertThat(all.count()).as("bo has sockets on both servers").isEqualTo(4);
        assertThat(all.names()).containsExactly("ann", "bo", "cy", "di");
        presence.expire(40_000);
        assertThat(presence.summary("global").count()).as("server-2 went quiet").isEqualTo(2);
        assertThat(presence.leave("global", 1)).isTrue();
        assertThat(presence.leave("global", 2)).isTrue();
        assertThat(presence.localRooms()).isEmpty();
    }

    @Test
    void aBigRoomHearsWhoIsHereLessOftenSoThatSummariesCostAtMostTwoThousandWritesASecond() {
        assertThat(Presence.summaryEveryMillis(10)).isEqualTo(1_000);
        assertThat(Presence.summaryEveryMillis(2_000)).isEqualTo(1_000);
        assertThat(Presence.summaryEveryMillis(19_000)).isEqualTo(9_500);
        assertThat(Presence.summaryEveryMillis(100_000)).isEqualTo(Presence.LONGEST_MILLIS);

        Presence presence = new Presence(30_000);
        java.util.function.ToIntFunction<String> listeners = room -> room.equals("global") ? 19_000 : 5;
        presence.join("global", 1, "ann");
        presence.join("task:t", 1, "ann");
        assertThat(presence.drainDue(100_000, listeners)).containsExactlyInAnyOrder("global", "task:t");
        presence.join("global", 2, "bo");
        presence.join("task:t", 2, "bo");
        assertThat(presence.drainDue(101_000, listeners)).as("the small room after a second").containsExactly("task:t");
        assertThat(presence.drainDue(109_000, listeners)).as("the big room waits its turn").isEmpty();
        assertThat(presence.drainDue(109_500, listeners)).as("and is not forgotten").containsExactly("global");
        assertThat(presence.drainDue(120_000, listeners)).as("nothing changed since").isEmpty();
    }
}
