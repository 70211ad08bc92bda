// The Lucene reference of the evaluation: indexes a corpus with Lucene's ArabicAnalyzer (its
// normaliser and the light10 stemmer, as Elasticsearch's "arabic" analyzer uses them) and runs the
// evaluation's queries, printing the ids each one finds. Built and run by bench/eval/lucene.mjs
// with Debian's liblucene4.10-java (no Maven): javac -cp <jars> LuceneEval.java
//
//   java -cp <jars>:<dir> LuceneEval <corpus.tsv> <queries.txt>
//
// corpus.tsv: one document a line, "id<TAB>title<TAB>text" (tabs and newlines in the fields already
// replaced by spaces). queries.txt: one query a line, in the evaluation's syntax ("..." = phrase,
// words otherwise ANDed). Output: one line per query, the ids found separated by spaces, in
// Lucene's ranking order.

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.RAMDirectory;
import org.apache.lucene.util.Version;

public class LuceneEval {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: LuceneEval <corpus.tsv> <queries.txt>");
      System.exit(2);
    }
    Analyzer analyzer = new ArabicAnalyzer();
    RAMDirectory dir = new RAMDirectory();
    int documents = 0;
    try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(Version.LUCENE_4_10_4, analyzer));
        BufferedReader in = Files.newBufferedReader(Paths.get(args[0]), StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) continue;
        String[] f = line.split("\t", 3);
        if (f.length != 3) throw new IOException("corpus line " + (documents + 1) + ": expected id, title, text");
        Document doc = new Document();
        doc.add(new StringField("id", f[0], Field.Store.YES));
        doc.add(new TextField("title", f[1], Field.Store.NO));
        doc.add(new TextField("text", f[2], Field.Store.NO));
        writer.addDocument(doc);
        documents++;
      }
    }
    System.err.println("lucene: indexed " + documents + " documents");
    List<String> queries = Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8);
    try (DirectoryReader reader = DirectoryReader.open(dir)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      StringBuilder out = new StringBuilder();
      for (String q : queries) {
        // Words ANDed, each in the title or the text; a quoted phrase stays a phrase query.
        MultiFieldQueryParser parser = new MultiFieldQueryParser(new String[] {"title", "text"}, analyzer);
        parser.setDefaultOperator(QueryParser.Operator.AND);
        Query query = parser.parse(q.replace('«', '"').replace('»', '"'));
        TopDocs top = searcher.search(query, Math.max(1, documents));
        StringBuilder ids = new StringBuilder();
        for (ScoreDoc sd : top.scoreDocs) {
          if (ids.length() > 0) ids.append(' ');
          ids.append(searcher.doc(sd.doc).get("id"));
        }
        out.append(ids).append('\n');
      }
      System.out.print(out);
    }
  }
}
