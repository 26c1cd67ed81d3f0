-- iso_time was declared IMMUTABLE, but to_char is only STABLE, and PostgreSQL inlines no function
-- whose body is less immutable than its declaration. So each statement that formats a timestamp
-- ran it as a function of its own, parsing and planning its body again on every execution: about
-- a tenth of the database's time for an `issue` command. Declared STABLE, as its body is, it is
-- inlined into the statements that use it. No index or constraint uses it.
ALTER FUNCTION iso_time(timestamptz) STABLE;
