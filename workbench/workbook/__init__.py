"""The one seam between the program and its data: a `Workbook` per open database."""
