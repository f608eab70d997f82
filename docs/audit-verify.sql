-- Recomputes the hash chain of Sunshine's audit log with PostgreSQL alone, exactly as
-- docs/audit.md describes the encoding, without the `sunshine` binary:
--
--     psql "$DATABASE_URL" -f docs/audit-verify.sql
--
-- Lists every entry that does not fit, with the reason; no rows means the chain is intact.
-- (The database must be UTF-8, as Sunshine's is: lengths are counted in bytes.)
WITH recomputed AS (
    SELECT a.seq,
           a.hash,
           a.prev_hash,
           lag(a.seq) OVER (ORDER BY a.seq) AS previous_seq,
           lag(a.hash) OVER (ORDER BY a.seq) AS previous_hash,
           a.at < lag(a.at) OVER (ORDER BY a.seq) AS dated_before,
           sha256(
               convert_to(
                   'sunshine-audit-v1' || chr(10) || (
                       SELECT string_agg(octet_length(field) || ':' || field || chr(10), '' ORDER BY n)
                         FROM unnest(ARRAY[
                                  a.seq::text,
                                  to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                  coalesce(a.actor_id::text, ''),
                                  a.actor,
                                  a.action,
                                  a.target,
                                  a.detail,
                                  encode(a.nonce, 'hex')
                              ]) WITH ORDINALITY AS fields (field, n)
                   ),
                   'UTF8'
               ) || a.prev_hash
           ) AS expected_hash
      FROM audit_log a
)
SELECT seq,
       CASE
           WHEN seq <> coalesce(previous_seq, 0) + 1
               THEN 'entry ' || (coalesce(previous_seq, 0) + 1) || ' is missing'
           WHEN prev_hash <> coalesce(previous_hash, decode(repeat('00', 32), 'hex'))
               THEN 'does not link to the entry before it'
           WHEN hash <> expected_hash
               THEN 'its content does not match its hash'
           ELSE 'it is dated before the entry before it'
       END AS problem
  FROM recomputed
 WHERE seq <> coalesce(previous_seq, 0) + 1
    OR prev_hash <> coalesce(previous_hash, decode(repeat('00', 32), 'hex'))
    OR hash <> expected_hash
    OR dated_before
 ORDER BY seq;
