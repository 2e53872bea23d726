-- 002: the writer lease's fencing token. The node that takes the advisory lock increments `token`;
-- every write transaction reads it FOR SHARE and refuses to commit when it is not its own, so a node
-- that lost the lock cannot write after another node took over (docs/postgres.md).
CREATE TABLE writer_lease (
  id          integer PRIMARY KEY CHECK (id = 1),
  token       bigint  NOT NULL,
  holder      text,
  acquired_at bigint
);
INSERT INTO writer_lease (id, token) VALUES (1, 0);
