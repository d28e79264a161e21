package task

import (
	"errors"
	"fmt"
	"time"
)

// Schedule says when a task runs, in Python Panther's vocabulary: every N
// seconds, minutes, hours, days or weeks, at a time of day, on weekdays,
// a number of times or forever, in a time zone. The zero value is no
// schedule; set Every, At or On.
type Schedule struct {
	// Every is the spacing of the runs, in whole seconds: time.Second,
	// 10*time.Minute, 24*time.Hour, 7*24*time.Hour. Without At and On the
	// runs fall on the multiples of Every counted from the Unix epoch — a
	// 10-minute task runs at :00, :10, :20 — so every instance agrees on
	// them. With At or On, Every must be whole days (whole weeks with On),
	// counted in Zone's calendar: every other day, every third week.
	// Default: a day when At or On is set.
	Every time.Duration

	// At is the time of day of each run, "15:04" or "15:04:05", in Zone.
	// On a day when the clock skips that time (the start of summer time)
	// the run is when the clock jumps past it; on a day when the clock
	// passes it twice, the run is at the first. Default: midnight when
	// Every is whole days or On is set.
	At string

	// On limits the runs to these weekdays. Whole weeks without On run on
	// Mondays. Default: every day.
	On []time.Weekday

	// Runs is how many slots the task has before it is done: 1 runs it
	// once. Default: 0, forever.
	Runs int

	// Zone is the IANA time zone of At and On, such as "Europe/Berlin".
	// Default: UTC.
	Zone string
}

const day = 24 * time.Hour

// plan is a Schedule checked and made ready to compute run times.
type plan struct {
	every    time.Duration
	calendar bool // days or weeks in loc, else multiples of every since the epoch
	weeks    bool // every is whole weeks (and on defaults to Monday)
	hour     int
	min      int
	sec      int
	on       [7]bool // by time.Weekday; all false: any day
	anyDay   bool
	runs     int
	loc      *time.Location
}

// compile checks s and returns its plan, or an error that says how to fix
// it.
func (s Schedule) compile() (*plan, error) {
	p := &plan{every: s.Every, runs: s.Runs, loc: time.UTC}
	switch {
	case s.Every == 0 && s.At == "" && len(s.On) == 0:
		return nil, errors.New("the schedule is empty; set Every (such as time.Minute), At (\"03:30\") or On")
	case s.Every < 0:
		return nil, fmt.Errorf("Every %v is negative; give the spacing of the runs, such as time.Minute", s.Every)
	case s.Every > 0 && s.Every < time.Second:
		return nil, fmt.Errorf("Every %v is shorter than a second; runs are at least a second apart", s.Every)
	case s.Every%time.Second != 0:
		return nil, fmt.Errorf("Every %v is not whole seconds", s.Every)
	case s.Runs < 0:
		return nil, fmt.Errorf("Runs %d is negative; give how many times the task runs, or 0 for forever", s.Runs)
	}
	if s.Zone != "" {
		loc, err := time.LoadLocation(s.Zone)
		if err != nil {
			return nil, fmt.Errorf("Zone %q is not a time zone this system knows (%v); give an IANA name such as \"Europe/Berlin\", or import time/tzdata", s.Zone, err)
		}
		p.loc = loc
	}
	for _, d := range s.On {
		if d < time.Sunday || d > time.Saturday {
			return nil, fmt.Errorf("On: weekday %d is out of range; use time.Sunday to time.Saturday", int(d))
		}
		p.on[d] = true
	}
	p.calendar = s.At != "" || len(s.On) > 0 || (s.Every > 0 && s.Every%day == 0)
	if !p.calendar {
		return p, nil
	}
	if p.every == 0 {
		p.every = day
	}
	if p.every%day != 0 {
		return nil, fmt.Errorf("Every %v is not whole days, which a schedule with At or On needs; drop At and On to run every %v", s.Every, s.Every)
	}
	p.weeks = p.every%(7*day) == 0
	if len(s.On) > 0 && p.every != day && !p.weeks {
		return nil, fmt.Errorf("Every %v with On is not whole weeks; use a day (each matching weekday) or whole weeks", s.Every)
	}
	if p.weeks && len(s.On) == 0 {
		p.on[time.Monday] = true
	}
	p.anyDay = p.on == [7]bool{}
	if s.At != "" {
		if err := p.parseAt(s.At); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (p *plan) parseAt(at string) error {
	var t time.Time
	var err error
	for _, layout := range []string{"15:04:05", "15:04"} {
		if t, err = time.Parse(layout, at); err == nil {
			p.hour, p.min, p.sec = t.Clock()
			return nil
		}
	}
	return fmt.Errorf("At %q is not a time of day; give \"15:04\" or \"15:04:05\", hours 00 to 23", at)
}

// next is the first run time strictly after t.
func (p *plan) next(t time.Time) time.Time {
	if !p.calendar {
		secs := int64(p.every / time.Second)
		return time.Unix(floorDiv(t.Unix(), secs)*secs+secs, 0)
	}
	local := t.In(p.loc)
	y, m, d := local.Date()
	n := int(p.every / day)
	for i := 0; i <= 7*n+1; i++ {
		date := time.Date(y, m, d+i, 0, 0, 0, 0, time.UTC) // the calendar day, free of any zone
		if !p.dayMatches(date) {
			continue
		}
		run := p.at(date)
		if run.After(t) {
			return run
		}
	}
	panic("task: no run within a cycle of the schedule") // unreachable: every cycle has a matching day
}

// at is the run time on the calendar day date. A time of day the clock
// skips that day (the start of summer time) runs when the clock jumps past
// it; one it passes twice runs at the first, as time.Date gives.
func (p *plan) at(date time.Time) time.Time {
	run := time.Date(date.Year(), date.Month(), date.Day(), p.hour, p.min, p.sec, 0, p.loc)
	if h, m, s := run.Clock(); h != p.hour || m != p.min || s != p.sec {
		if _, end := run.ZoneBounds(); !end.IsZero() {
			return end
		}
	}
	return run
}

// dayMatches reports whether the calendar day date (at midnight UTC) has
// a run.
func (p *plan) dayMatches(date time.Time) bool {
	if !p.anyDay && !p.on[date.Weekday()] {
		return false
	}
	days := floorDiv(date.Unix(), int64(day/time.Second)) // since 1970-01-01, a Thursday
	if p.weeks {
		weeks := floorDiv(days-4, 7) // weeks since Monday 1970-01-05
		return weeks%int64(p.every/(7*day)) == 0
	}
	return days%int64(p.every/day) == 0
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
