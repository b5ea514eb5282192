import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import type { InsightsDoc, LearningFigures, NeedsFigures } from './schemas/insights';
import { liveContents } from './sync-marker';

export type { LearningFigures, NeedsFigures };

/** The network's figures as last pulled (offline too): learning and needs, either null until the server wrote them. */
export function watchInsights(db: AppDatabase): Observable<{ learning: LearningFigures | null; needs: NeedsFigures | null }> {
  return db.insights.find().$.pipe(
    map((docs) => {
      const all = liveContents(docs) as InsightsDoc[];
      const of = (kind: string) => all.find((doc) => doc.kind === kind)?.figures ?? null;
      return { learning: of('learning') as LearningFigures | null, needs: of('needs') as NeedsFigures | null };
    }),
  );
}
