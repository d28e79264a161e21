package task

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones, whatever the machine has
)

func mustPlan(t *testing.T, s Schedule) *plan {
	t.Helper()
	p, err := s.compile()
	if err != nil {
		t.Fatalf("%+v: %v", s, err)
	}
	return p
}

func TestNext(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	utc := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04:05", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	local := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04:05", s, ny)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name  string
		s     Schedule
		after time.Time
		want  []time.Time // the next runs, in order
	}{
		{"every second", Schedule{Every: time.Second}, utc("2026-12-01 10:00:00"),
			[]time.Time{utc("2026-12-01 10:00:01"), utc("2026-12-01 10:00:02")}},
		{"every 10 minutes falls on :00, :10", Schedule{Every: 10 * time.Minute}, utc("2026-12-01 10:03:00"),
			[]time.Time{utc("2026-12-01 10:10:00"), utc("2026-12-01 10:20:00")}},
		{"on a slot, the next one", Schedule{Every: time.Hour}, utc("2026-12-01 10:00:00"),
			[]time.Time{utc("2026-12-01 11:00:00")}},
		{"daily at midnight", Schedule{Every: day}, utc("2026-12-01 10:00:00"),
			[]time.Time{utc("2026-12-02 00:00:00"), utc("2026-12-03 00:00:00")}},
		{"daily at a time, later today", Schedule{At: "15:30"}, utc("2026-12-01 10:00:00"),
			[]time.Time{utc("2026-12-01 15:30:00"), utc("2026-12-02 15:30:00")}},
		{"at with seconds", Schedule{At: "10:00:30"}, utc("2026-12-01 10:00:00"),
			[]time.Time{utc("2026-12-01 10:00:30")}},
		{"every other day", Schedule{Every: 2 * day, At: "06:00"}, utc("2026-12-01 07:00:00"),
			[]time.Time{utc("2026-12-03 06:00:00"), utc("2026-12-05 06:00:00")}},
		{"on a weekday", Schedule{On: []time.Weekday{time.Friday}, At: "09:00"}, utc("2026-12-01 10:00:00"), // a Tuesday
			[]time.Time{utc("2026-12-04 09:00:00"), utc("2026-12-11 09:00:00")}},
		{"on two weekdays", Schedule{On: []time.Weekday{time.Monday, time.Wednesday}}, utc("2026-12-01 10:00:00"),
			[]time.Time{utc("2026-12-02 00:00:00"), utc("2026-12-07 00:00:00"), utc("2026-12-09 00:00:00")}},
		{"weekly defaults to Mondays", Schedule{Every: 7 * day}, utc("2026-12-01 10:00:00"),
			[]time.Time{utc("2026-12-07 00:00:00"), utc("2026-12-14 00:00:00")}},
		{"every other week on Sunday", Schedule{Every: 14 * day, On: []time.Weekday{time.Sunday}, At: "12:00"}, utc("2026-12-01 10:00:00"),
			[]time.Time{utc("2026-12-13 12:00:00"), utc("2026-12-27 12:00:00")}},
		{"in a zone", Schedule{At: "09:00", Zone: "America/New_York"}, utc("2026-12-01 10:00:00"),
			[]time.Time{utc("2026-12-01 14:00:00"), utc("2026-12-02 14:00:00")}},
		// 2026-03-08: New York skips 02:00–03:00; 2026-11-01: it passes 01:00–02:00 twice.
		{"a skipped time runs when the clock jumps past it", Schedule{At: "02:30", Zone: "America/New_York"}, local("2026-03-07 12:00:00"),
			[]time.Time{local("2026-03-08 03:00:00"), local("2026-03-09 02:30:00")}},
		{"a doubled time runs once", Schedule{At: "01:30", Zone: "America/New_York"}, local("2026-10-31 12:00:00"),
			[]time.Time{utc("2026-11-01 05:30:00"), utc("2026-11-02 06:30:00")}},
		{"midnight across the change keeps local time", Schedule{Every: day, Zone: "America/New_York"}, local("2026-03-07 12:00:00"),
			[]time.Time{local("2026-03-08 00:00:00"), local("2026-03-09 00:00:00")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustPlan(t, tt.s)
			at := tt.after
			for i, want := range tt.want {
				got := p.next(at)
				if !got.Equal(want) {
					t.Fatalf("run %d after %v = %v, want %v", i+1, at, got, want.UTC())
				}
				at = got
			}
		})
	}
}

func TestScheduleErrors(t *testing.T) {
	tests := []struct {
		s    Schedule
		want string
	}{
		{Schedule{}, "the schedule is empty"},
		{Schedule{Every: -time.Second}, "is negative"},
		{Schedule{Every: 500 * time.Millisecond}, "shorter than a second"},
		{Schedule{Every: 1500 * time.Millisecond}, "not whole seconds"},
		{Schedule{Every: time.Hour, At: "10:00"}, "not whole days"},
		{Schedule{Every: 3 * day, On: []time.Weekday{time.Monday}}, "not whole weeks"},
		{Schedule{At: "25:00"}, `At "25:00" is not a time of day`},
		{Schedule{At: "noon"}, `At "noon" is not a time of day`},
		{Schedule{On: []time.Weekday{7}}, "weekday 7 is out of range"},
		{Schedule{Every: time.Minute, Zone: "Mars/Olympus"}, `Zone "Mars/Olympus" is not a time zone`},
		{Schedule{Every: time.Minute, Runs: -1}, "Runs -1 is negative"},
	}
	for _, tt := range tests {
		_, err := tt.s.compile()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: error %v, want one containing %q", tt.s, err, tt.want)
		}
	}
}
