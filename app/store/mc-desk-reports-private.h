/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The statement behind mc_desk_report_dossiers(), for the benchmark that
 * runs the very same SQL in the sqlite3 shell as its peer. */
#pragma once

/* Every dossier received or finished in the period [?1, ?2), with the
 * optional procedure (?3), field (?4) and officer (?5) filters, in
 * reception order. The finish time and the files are the dossier's own
 * columns, kept by the schema's triggers (migration 8), so the statement
 * reads one covering index (dossier_report) in its order: no search of
 * timelines and files per dossier, no sort. An officer filter keeps the
 * dossiers the officer received, holds, or acted on (an entry of the
 * timeline, which names officers by name). */
#define MC_REPORT_DOSSIERS_SQL \
  "SELECT d.code AS code, d.procedure_code AS procedure_code, d.procedure_name AS procedure_name," \
  " d.channel AS channel, d.state AS state, coalesce (d.received_at, 0) AS received_at," \
  " coalesce (d.due_at, 0) AS due_at, coalesce (d.new_due_at, 0) AS new_due_at," \
  " coalesce (d.finished_at, 0) AS finished_at, d.supplement_count AS supplement_count," \
  " d.apology_count AS apology_count, d.has_component_file AS has_component_file," \
  " d.has_component_file AND d.has_result_file AND d.components_filed AS all_components_filed," \
  " d.has_result_file AS has_result_file" \
  " FROM dossier d" \
  " WHERE ((d.received_at >= ?1 AND d.received_at < ?2) OR (d.finished_at >= ?1 AND d.finished_at < ?2))" \
  "  AND (?3 IS NULL OR d.procedure_code = ?3)" \
  "  AND (?4 IS NULL OR d.procedure_field = ?4)" \
  "  AND (?5 IS NULL OR d.handler = ?5 OR d.received_by = ?5" \
  "       OR EXISTS (SELECT 1 FROM timeline t JOIN officer o ON o.name = t.actor" \
  "                  WHERE t.dossier_id = d.id AND o.login = ?5))" \
  " ORDER BY d.received_at, d.code"
