-- Explanations keep the note and headline as placeholders ({message}, {headline}) and show them
-- when a screening is read, so that erasing the texts erases every quotation of them. Rows stored
-- before hold the texts rendered, maybe cut: they are marked, and erasure replaces them whole.
-- Written to run unchanged on H2 and PostgreSQL.
ALTER TABLE screening_reason ADD COLUMN explanation_rendered BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE screening_reason SET explanation_rendered = TRUE;

-- Screenings erased before: their explanations may still quote a cut part of the note.
UPDATE screening_reason
SET explanation = '[erased: this explanation was stored with the note or headline in it, which are erased]',
    explanation_rendered = FALSE
WHERE screening_id IN (SELECT id FROM screening WHERE note_erased_at IS NOT NULL);
