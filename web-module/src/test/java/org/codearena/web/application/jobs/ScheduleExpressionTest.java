package org.codearena.web.application.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ejb.ScheduleExpression;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {

    @Test
    void aQuarterHourIsEveryHoursQuarters() {
        ScheduleExpression every15 = ScheduleExpression.class.cast(ScheduledJobs.expression("minute=*/15"));
        assertThat(every15.getMinute()).isEqualTo("*/15");
        assertThat(every15.getHour()).isEqualTo("*");
        assertThat(every15.getSecond()).isEqualTo("0");
        assertThat(every15.getTimezone()).isEqualTo("UTC");
    }

    @Test
    void aDailyDigestOnWorkingDays() {
        ScheduleExpression digest = ScheduledJobs.expression("  minute=0 hour=7   dayOfWeek=Mon-Fri ");
        assertThat(digest.getHour()).isEqualTo("7");
        assertThat(digest.getMinute()).isEqualTo("0");
        assertThat(digest.getDayOfWeek()).isEqualTo("Mon-Fri");
    }

    @Test
    void aScheduleThatIsNotOneSaysWhatOneLooksLike() {
        assertThatThrownBy(() -> ScheduledJobs.expression("every 15 minutes"))
                .hasMessageContaining("minute=*/15");
        assertThatThrownBy(() -> ScheduledJobs.expression("minutes=5")).hasMessageContaining("unknown schedule field");
    }
}
