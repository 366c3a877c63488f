"""Self-assessment forms (绩效自评表) and target tables (绩效目标表): one record per form.

A form is found by its title and read by its header words, not by a fixed
layout: the national form, the provincial variants and the department-wide
form name their columns differently but mean the same things. A file may hold
many forms (a 决算 publication, a workbook); each becomes its own record with
its page range or sheet.

Two readings of the cells: rows with column positions (PDF, DOCX, XLSX, HTML,
text with "|"), and a flat stream of cells (one per line, or run together with
spaces), where merged and empty cells are gone and values are placed by type.

The modules, each importing only from those listed before it:

- find: where the forms of a file are (`find_forms`, `outside`, `preamble`)
- words: the labels and header words forms are read by, a header cell's role
- cells: a segment's lines as rows of cells, a row's evidence
- values: a cell's value (a measure, a number, a rate, an amount in 元)
- lists: tables that list several projects, a record per project
- state: what reading a form has gathered so far (_State)
- levels: the 一级 / 二级指标 cells, completed where a page break cut them
- identity: the form's kind, year, project, department, unit and goal
- funds: the funds block (funds columns, label | amount pairs, fused labels)
- costs: blocks of label | amount columns (cost compositions, task lists)
- headers: the indicator header, merged, split and aligned
- totals: the total row, a total in a heading, the execution rate claim
- indicators: the indicator rows
- rows: one row with column positions, to the part of the form that reads it
- flat: forms whose cells lost their positions, values placed by type
- parse: `parse_forms`, a form segment into its records

Names with a leading underscore are shared between these modules and used
nowhere outside the package.
"""
