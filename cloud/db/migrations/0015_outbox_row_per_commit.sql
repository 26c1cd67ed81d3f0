-- An outbox row holds the commands of one commit that share a topic, not one command: a group of
-- commands committed together writes one row, which the relay claims and deletes once. Its payload
-- lists the commands, in commit order. Rows still to do are rewritten in that form: each held the
-- command it was written for.
UPDATE outbox SET payload = jsonb_build_object('commands', jsonb_build_array(payload))
  WHERE NOT payload ? 'commands';
