/*
 * Relevance figures of one ranked list against a query's judgments
 * ({ ref: grade }, grades 0-3, unjudged = 0), cut at rank 10.
 */
const K = 10;
/** Grade from which a result counts as relevant for MRR. */
const MRR_MIN_GRADE = 2;

const log2 = x => Math.log(x) / Math.LN2;
/** DCG with linear gains (the grade itself), as trec_eval's ndcg_cut. */
const dcg = grades =>
  grades.slice(0, K).reduce((sum, g, i) => sum + g / log2(i + 2), 0);

function scoreQuery(refs, relevant) {
  const top = refs.slice(0, K);
  const grades = top.map(ref => relevant[ref] ?? 0);
  const ideal = dcg(
    Object.values(relevant)
      .filter(g => g > 0)
      .sort((a, b) => b - a),
  );
  const judged = Object.keys(relevant).filter(ref => relevant[ref] > 0);
  const found = judged.filter(ref => top.includes(ref)).length;
  const first = grades.findIndex(g => g >= MRR_MIN_GRADE);
  return {
    ndcg: ideal > 0 ? dcg(grades) / ideal : 0,
    // Capped recall (BEIR's R_cap@k): a top 10 cannot hold more than 10 of a
    // query's 16 relevant assets, so the share is of min(10, relevant).
    recall: judged.length ? found / Math.min(K, judged.length) : 0,
    recallUncapped: judged.length ? found / judged.length : 0,
    rr: first < 0 ? 0 : 1 / (first + 1),
  };
}

const mean = xs => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Mean figures of one engine over every query. */
function summarise(perQuery) {
  return {
    ndcg10: mean(perQuery.map(r => r.ndcg)),
    recall10: mean(perQuery.map(r => r.recall)),
    recall10Uncapped: mean(perQuery.map(r => r.recallUncapped)),
    mrr: mean(perQuery.map(r => r.rr)),
    zeroResultQueries: perQuery.filter(r => r.total === 0).length,
    meanLatencyMs: mean(perQuery.map(r => r.ms)),
  };
}

module.exports = { K, MRR_MIN_GRADE, scoreQuery, summarise, mean };
