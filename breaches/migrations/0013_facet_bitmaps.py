"""Facet bitmaps: for each facet value, which incidents have it, one bit per incident in rows
of 30,720 bits (breaches.models.FacetBitmap), kept by a trigger beside the kept counts (0008)
from the same facet values (breaches_facet_keys), with a rebuild function for bulk SQL.

A row stays under half a page (STORAGE PLAIN: no TOAST, no compression), so counting ANDs and
popcounts values read in place, and setting a bit writes a new version beside the old one on
the same page (fillfactor 50): no index entry, a write-ahead log record of the changed bytes."""

from django.db import migrations, models

import breaches.models

# Bits a row: 3,840 bytes, so that a row and its next version fit on one 8 KiB page (a HOT
# update, logged as the few bytes that changed). models.BITMAP_CHUNK is the same number.
CHUNK = 30_720

BITMAPS = """
ALTER TABLE breaches_facetbitmap ALTER COLUMN bits SET STORAGE PLAIN;
ALTER TABLE breaches_facetbitmap SET (fillfactor = 50);

CREATE OR REPLACE FUNCTION breaches_facet_bitmap_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- The catalogue version row (0011, 0012) is taken before any of this: one writer at a time.
  IF TG_OP = 'DELETE' THEN
    UPDATE breaches_facetbitmap b SET bits = set_bit(b.bits, (OLD.id % {chunk})::int, 0)
    FROM breaches_facet_keys(OLD) k
    WHERE b.facet = k.facet AND b.value = k.value AND b.chunk = (OLD.id / {chunk})::int;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    UPDATE breaches_facetbitmap b SET bits = set_bit(b.bits, (OLD.id % {chunk})::int, 0)
    FROM (SELECT facet, value FROM breaches_facet_keys(OLD)
          EXCEPT SELECT facet, value FROM breaches_facet_keys(NEW)) k
    WHERE b.facet = k.facet AND b.value = k.value AND b.chunk = (OLD.id / {chunk})::int;
  END IF;
  INSERT INTO breaches_facetbitmap AS b (facet, value, chunk, bits)
  SELECT k.facet, k.value, (NEW.id / {chunk})::int,
         set_bit(B'0'::bit({chunk}), (NEW.id % {chunk})::int, 1)
  FROM breaches_facet_keys(NEW) k ORDER BY k.facet, k.value
  ON CONFLICT (facet, value, chunk)
  DO UPDATE SET bits = set_bit(b.bits, (NEW.id % {chunk})::int, 1);
  RETURN NULL;
END $$;

-- Every incident's facet values, as bytes of bits (gaps as zero bytes) in hexadecimal.
CREATE OR REPLACE FUNCTION breaches_rebuild_facet_bitmaps() RETURNS void
LANGUAGE sql AS $$
  DELETE FROM breaches_facetbitmap;
  INSERT INTO breaches_facetbitmap (facet, value, chunk, bits)
  SELECT facet, value, chunk, ('x' || rpad(string_agg(
      repeat('00', byte - prev - 1) || lpad(to_hex(v), 2, '0'), '' ORDER BY byte),
    {hex_digits}, '0'))::bit({chunk})
  FROM (
    SELECT facet, value, chunk, byte, v,
           coalesce(lag(byte) OVER (PARTITION BY facet, value, chunk ORDER BY byte), -1) AS prev
    FROM (
      SELECT k.facet, k.value, (i.id / {chunk})::int AS chunk, ((i.id % {chunk}) / 8)::int AS byte,
             bit_or(128 >> (i.id % 8)::int) AS v
      FROM breaches_incident i, breaches_facet_keys(i) k
      GROUP BY 1, 2, 3, 4
    ) bytes
  ) gaps
  GROUP BY facet, value, chunk;
  ANALYZE breaches_facetbitmap;
$$;

CREATE TRIGGER breaches_incident_facet_bitmaps
AFTER INSERT OR DELETE ON breaches_incident
FOR EACH ROW EXECUTE FUNCTION breaches_facet_bitmap_trigger();

CREATE TRIGGER breaches_incident_facet_bitmaps_update
AFTER UPDATE ON breaches_incident
FOR EACH ROW WHEN (
  OLD.causes IS DISTINCT FROM NEW.causes OR OLD.card_data IS DISTINCT FROM NEW.card_data
  OR OLD.personal_data IS DISTINCT FROM NEW.personal_data
  OR OLD.discovered_by IS DISTINCT FROM NEW.discovered_by
  OR OLD.forensic_firm_id IS DISTINCT FROM NEW.forensic_firm_id
  OR OLD.forensic_investigation IS DISTINCT FROM NEW.forensic_investigation
  OR OLD.first_disclosed_on IS DISTINCT FROM NEW.first_disclosed_on
  OR OLD.ttd_days IS DISTINCT FROM NEW.ttd_days
  OR OLD.records_max IS DISTINCT FROM NEW.records_max
  OR OLD.has_followup IS DISTINCT FROM NEW.has_followup
  OR OLD.has_revision IS DISTINCT FROM NEW.has_revision
  OR OLD.count_changed IS DISTINCT FROM NEW.count_changed
)
EXECUTE FUNCTION breaches_facet_bitmap_trigger();

SELECT breaches_rebuild_facet_bitmaps();
""".format(chunk=CHUNK, hex_digits=CHUNK // 4)

UNDO = """
DROP TRIGGER IF EXISTS breaches_incident_facet_bitmaps ON breaches_incident;
DROP TRIGGER IF EXISTS breaches_incident_facet_bitmaps_update ON breaches_incident;
DROP FUNCTION IF EXISTS breaches_facet_bitmap_trigger();
DROP FUNCTION IF EXISTS breaches_rebuild_facet_bitmaps();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("breaches", "0012_catalogue_version_first"),
    ]

    operations = [
        migrations.CreateModel(
            name="FacetBitmap",
            fields=[
                ("pk", models.CompositePrimaryKey("facet", "value", "chunk", blank=True, editable=False, primary_key=True, serialize=False)),
                ("facet", models.CharField(max_length=20)),
                ("value", models.CharField(max_length=100)),
                ("chunk", models.IntegerField()),
                ("bits", breaches.models.BitString()),
            ],
        ),
        migrations.RunSQL(BITMAPS, UNDO),
    ]
