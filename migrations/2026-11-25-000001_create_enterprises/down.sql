DROP TRIGGER enterprises_touch_updated_at ON enterprises;
DROP FUNCTION touch_updated_at();
DROP TABLE enterprises;
