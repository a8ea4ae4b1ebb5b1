"""The catalogue's version as a row, moved on by every statement that writes the catalogue.

Migration 0010 kept it in a sequence, moved on by the facet trigger. A sequence moves at once,
before its transaction commits: a reader between the two could draw the insights from the old
rows and keep them under the new version, stale until the next change. A row moves with its
transaction, so a version a reader sees is one whose rows it can read. Statement triggers on
every table a page reads from (the incidents, notices, revisions, corrections, reviews, merges,
vocabulary, firms and aliases) move it; the facet trigger and its rebuild no longer do."""

from django.db import migrations

FORWARD = """
DROP SEQUENCE IF EXISTS breaches_catalogue_version CASCADE;
CREATE TABLE breaches_catalogue_version (
  id smallint PRIMARY KEY CHECK (id = 1),
  n bigint NOT NULL
);
INSERT INTO breaches_catalogue_version VALUES (1, 1);

CREATE OR REPLACE FUNCTION breaches_bump_catalogue_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE breaches_catalogue_version SET n = n + 1 WHERE id = 1;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION breaches_incident_facets_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM breaches_incidentfacets WHERE id = OLD.id;
    RETURN NULL;
  END IF;
  PERFORM breaches_assign_bits('cause', NEW.causes::text[]);
  PERFORM breaches_assign_bits('card_data', NEW.card_data::text[]);
  PERFORM breaches_assign_bits('personal_data', NEW.personal_data::text[]);
  PERFORM breaches_assign_bits('discovered_by', ARRAY[NEW.discovered_by::text]);
  INSERT INTO breaches_incidentfacets AS f (id, first_disclosed_on, ttd_days, ttd_doubtful,
    records_max, firm, forensic_investigation, discovered_by, causes, card_data,
    personal_data, chain)
  VALUES (NEW.id, NEW.first_disclosed_on, NEW.ttd_days, NEW.ttd_doubtful, NEW.records_max,
    NEW.forensic_firm_id, NEW.forensic_investigation,
    breaches_bits('discovered_by', ARRAY[NEW.discovered_by::text]),
    breaches_bits('cause', NEW.causes::text[]),
    breaches_bits('card_data', NEW.card_data::text[]),
    breaches_bits('personal_data', NEW.personal_data::text[]),
    (NEW.has_followup::int | (NEW.has_revision::int << 1) | (NEW.count_changed::int << 2)))
  ON CONFLICT (id) DO UPDATE SET first_disclosed_on = EXCLUDED.first_disclosed_on,
    ttd_days = EXCLUDED.ttd_days, ttd_doubtful = EXCLUDED.ttd_doubtful,
    records_max = EXCLUDED.records_max, firm = EXCLUDED.firm,
    forensic_investigation = EXCLUDED.forensic_investigation,
    discovered_by = EXCLUDED.discovered_by, causes = EXCLUDED.causes,
    card_data = EXCLUDED.card_data, personal_data = EXCLUDED.personal_data,
    chain = EXCLUDED.chain;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION breaches_rebuild_incident_facets() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM breaches_assign_bits(k, array_agg(DISTINCT c)) FROM (
    SELECT 'cause' AS k, unnest(causes)::text AS c FROM breaches_incident
    UNION ALL SELECT 'card_data', unnest(card_data)::text FROM breaches_incident
    UNION ALL SELECT 'personal_data', unnest(personal_data)::text FROM breaches_incident
    UNION ALL SELECT 'discovered_by', discovered_by::text FROM breaches_incident
  ) v GROUP BY k;
  TRUNCATE breaches_incidentfacets;
  INSERT INTO breaches_incidentfacets (id, first_disclosed_on, ttd_days, ttd_doubtful,
    records_max, firm, forensic_investigation, discovered_by, causes, card_data,
    personal_data, chain)
  SELECT i.id, i.first_disclosed_on, i.ttd_days, i.ttd_doubtful, i.records_max,
    i.forensic_firm_id, i.forensic_investigation,
    coalesce(d.mask, 0), coalesce(c.mask, 0), coalesce(cd.mask, 0), coalesce(p.mask, 0),
    (i.has_followup::int | (i.has_revision::int << 1) | (i.count_changed::int << 2))
  FROM breaches_incident i
  LEFT JOIN (SELECT code, 1::bigint << bit AS mask FROM breaches_facetbit
             WHERE kind = 'discovered_by') d ON d.code = i.discovered_by
  LEFT JOIN LATERAL (SELECT bit_or(1::bigint << b.bit) AS mask FROM breaches_facetbit b
             WHERE b.kind = 'cause' AND b.code = ANY(i.causes::text[])) c ON true
  LEFT JOIN LATERAL (SELECT bit_or(1::bigint << b.bit) AS mask FROM breaches_facetbit b
             WHERE b.kind = 'card_data' AND b.code = ANY(i.card_data::text[])) cd ON true
  LEFT JOIN LATERAL (SELECT bit_or(1::bigint << b.bit) AS mask FROM breaches_facetbit b
             WHERE b.kind = 'personal_data' AND b.code = ANY(i.personal_data::text[])) p
             ON true;
  ANALYZE breaches_incidentfacets;
  UPDATE breaches_catalogue_version SET n = n + 1 WHERE id = 1;
END $$;

CREATE TRIGGER breaches_catalogue_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON breaches_incident
FOR EACH STATEMENT EXECUTE FUNCTION breaches_bump_catalogue_version();
CREATE TRIGGER breaches_catalogue_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON breaches_disclosure
FOR EACH STATEMENT EXECUTE FUNCTION breaches_bump_catalogue_version();
CREATE TRIGGER breaches_catalogue_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON breaches_revision
FOR EACH STATEMENT EXECUTE FUNCTION breaches_bump_catalogue_version();
CREATE TRIGGER breaches_catalogue_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON breaches_correction
FOR EACH STATEMENT EXECUTE FUNCTION breaches_bump_catalogue_version();
CREATE TRIGGER breaches_catalogue_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON breaches_fieldreview
FOR EACH STATEMENT EXECUTE FUNCTION breaches_bump_catalogue_version();
CREATE TRIGGER breaches_catalogue_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON breaches_incidentmerge
FOR EACH STATEMENT EXECUTE FUNCTION breaches_bump_catalogue_version();
CREATE TRIGGER breaches_catalogue_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON breaches_term
FOR EACH STATEMENT EXECUTE FUNCTION breaches_bump_catalogue_version();
CREATE TRIGGER breaches_catalogue_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON breaches_forensicfirm
FOR EACH STATEMENT EXECUTE FUNCTION breaches_bump_catalogue_version();
CREATE TRIGGER breaches_catalogue_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON breaches_firmalias
FOR EACH STATEMENT EXECUTE FUNCTION breaches_bump_catalogue_version();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS breaches_catalogue_version ON breaches_incident;
DROP TRIGGER IF EXISTS breaches_catalogue_version ON breaches_disclosure;
DROP TRIGGER IF EXISTS breaches_catalogue_version ON breaches_revision;
DROP TRIGGER IF EXISTS breaches_catalogue_version ON breaches_correction;
DROP TRIGGER IF EXISTS breaches_catalogue_version ON breaches_fieldreview;
DROP TRIGGER IF EXISTS breaches_catalogue_version ON breaches_incidentmerge;
DROP TRIGGER IF EXISTS breaches_catalogue_version ON breaches_term;
DROP TRIGGER IF EXISTS breaches_catalogue_version ON breaches_forensicfirm;
DROP TRIGGER IF EXISTS breaches_catalogue_version ON breaches_firmalias;
DROP FUNCTION IF EXISTS breaches_bump_catalogue_version();
DROP TABLE IF EXISTS breaches_catalogue_version;
CREATE SEQUENCE IF NOT EXISTS breaches_catalogue_version;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("breaches", "0010_incident_facets"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
