# Writes the R samples of samples/messy/ (Rscript samples/messy/make_r.R, from the repository
# root; made with R 4.2.2, Debian's r-base-core): NA as R's write.csv and write.table write it.
df <- data.frame(x = c(1.5, NA, -2), y = c(-1, 3.25, NA))
write.csv(df, "samples/messy/r_write_csv.csv")
write.table(df, "samples/messy/r_write_table.tsv", sep = "\t", quote = FALSE)
