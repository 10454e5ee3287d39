-- Tasks the model schedules through the schedule_task tool. Instants are epoch milliseconds (UTC).
CREATE TABLE scheduled_task (
    id         TEXT    PRIMARY KEY,
    created_ms INTEGER NOT NULL,
    due_ms     INTEGER NOT NULL,
    note       TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('pending', 'done', 'cancelled'))
);
CREATE INDEX scheduled_task_status_due ON scheduled_task (status, due_ms);
