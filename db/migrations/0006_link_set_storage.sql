-- A run's child_ids array (≈390k bigints for a city's household list) is stored uncompressed:
-- compressing it took ≈0.3 s of the server's time on every run, two thirds of writing the
-- list's links, to save ≈1.6 MB a run. The other arrays compress cheaply (scores, reason_of) or
-- not at all (list_rows) and keep the default.
ALTER TABLE list_link_set ALTER COLUMN child_ids SET STORAGE EXTERNAL;
