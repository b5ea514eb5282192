import type { Routes } from '@angular/router';
import { signedInGuard } from './auth/signed-in-guard';

export const routes: Routes = [
  { path: 'sign-in', loadComponent: () => import('./auth/sign-in-page').then((m) => m.SignInPage) },
  { path: 'sign-up', loadComponent: () => import('./auth/sign-up-page').then((m) => m.SignUpPage) },
  {
    path: '',
    canActivate: [signedInGuard],
    loadComponent: () => import('./tabs/tabs').then((m) => m.Tabs),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'learn' },
      { path: 'learn', loadComponent: () => import('./lessons/learn-page').then((m) => m.LearnPage) },
      { path: 'learn/insights', loadComponent: () => import('./insights/insights-page').then((m) => m.InsightsPage) },
      { path: 'learn/needs', loadComponent: () => import('./needs/needs-page').then((m) => m.NeedsPage) },
      { path: 'learn/cpd-review', loadComponent: () => import('./reviews/cpd-review-page').then((m) => m.CpdReviewPage) },
      { path: 'learn/review', loadComponent: () => import('./lessons/review-page').then((m) => m.ReviewPage) },
      { path: 'learn/lesson/:id', loadComponent: () => import('./lessons/lesson-page').then((m) => m.LessonPage) },
      { path: 'learn/studio', loadComponent: () => import('./authoring/studio-page').then((m) => m.StudioPage) },
      { path: 'learn/studio/:id', loadComponent: () => import('./authoring/lesson-editor-page').then((m) => m.LessonEditorPage) },
      {
        path: 'learn/studio/:id/preview',
        data: { preview: true },
        loadComponent: () => import('./lessons/lesson-page').then((m) => m.LessonPage),
      },
      { path: 'community', loadComponent: () => import('./discussions/community-page').then((m) => m.CommunityPage) },
      { path: 'community/ask', loadComponent: () => import('./discussions/ask-page').then((m) => m.AskPage) },
      { path: 'community/reports', loadComponent: () => import('./discussions/reports-page').then((m) => m.ReportsPage) },
      { path: 'community/thread/:id', loadComponent: () => import('./discussions/thread-page').then((m) => m.ThreadPage) },
      { path: 'workshops', loadComponent: () => import('./workshops/workshops-page').then((m) => m.WorkshopsPage) },
      { path: 'workshops/certificate', loadComponent: () => import('./workshops/certificate-page').then((m) => m.CertificatePage) },
      {
        path: 'workshops/certificate/:course',
        loadComponent: () => import('./workshops/certificate-page').then((m) => m.CertificatePage),
      },
      {
        path: 'workshops/cohort/:id/sheet/:session',
        loadComponent: () => import('./workshops/sign-in-sheet-page').then((m) => m.SignInSheetPage),
      },
      { path: 'workshops/cohort/:id', loadComponent: () => import('./workshops/cohort-page').then((m) => m.CohortPage) },
      { path: 'me', loadComponent: () => import('./me/me-page').then((m) => m.MePage) },
    ],
  },
  { path: '**', redirectTo: 'learn' },
];
