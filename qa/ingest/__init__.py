"""From report files to cleaned documents, chunks and figures: loaders, cleaning, chunking, figure extraction."""
