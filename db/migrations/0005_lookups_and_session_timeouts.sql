-- Lookups of a batch of roll calls (issue 4's benchmark): the leave covering a day is found from
-- the leave that has not ended by then (a few per class), not by scanning the county's history;
-- the open tasks of a set of classes likewise.
CREATE INDEX leave_request_ends_idx ON leave_request (county_code, ends_on);
CREATE INDEX escalation_task_open_class_idx ON escalation_task (county_code, class_id) WHERE status = 'open';

-- The idle timeout a session was given at sign-in from the county policy of its user (the
-- strictest of the counties the user works in); null for sessions that predate it, which keep
-- the server's default.
ALTER TABLE user_session ADD COLUMN idle_minutes integer CHECK (idle_minutes BETWEEN 5 AND 240);
