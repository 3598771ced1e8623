-- A tool execution's answer names when its work started (not when it was queued) and the CPU time
-- it took: started_at is set when a job moves to running, cpu_time_micros when a tool execution
-- finishes (the CPU time of the thread that ran its pipeline). Both stay null for jobs that never
-- ran, for other kinds of jobs, and for rows written before this migration.
alter table jobs add column started_at timestamp with time zone;
alter table jobs add column cpu_time_micros bigint;
