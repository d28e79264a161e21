// Package task runs work on schedules and in the background: Python
// Panther's background tasks, computed instead of polled.
//
// A Schedule says when a Task runs — every N seconds, minutes, hours,
// days or weeks, at a time of day, on weekdays, a number of times or
// forever, in a time zone — and the Runner computes each next run time
// from it, so a slow run or a late timer never makes a task miss its slot
// and no task is woken every second to ask. A run still going when its
// task's next slot comes skips that slot, with a log line, so one task
// never runs twice at once on one instance.
//
// With a Store (a store.Store fits), instances that share it run each
// slot of a task once between them: the first to claim the slot in the
// store runs it. The claim expires by itself, so an instance that dies
// mid-run holds up nothing.
//
// Runner.Go runs a function in the background with a context that
// outlives the call and is cancelled when the runner stops, at most
// Options.MaxBackground at once; a panic is recovered and logged. A
// panther.App runs its Config.Tasks this way and gives handlers
// Request.AfterResponse.
package task
