import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { IonBackButton } from '@ionic/angular/ion-back-button';
import { IonButtons } from '@ionic/angular/ion-buttons';
import { IonToolbar } from '@ionic/angular/ion-toolbar';
import { defineCustomElement as defineIonHeader } from '@ionic/core/components/ion-header.js';
import { I18n } from '../i18n/i18n';
import { SyncIndicator } from '../sync/sync-indicator';

// Ionic's own element; its Angular wrapper would be a second component on the same element.
defineIonHeader();

/**
 * Every screen's header: its name (wrapping at any text size, never cut short), the way back where
 * there is one, the line that says whether the user's work is safe, and what the page adds: buttons
 * given `slot="end"`, and anything else (a progress bar) under the sync line. Written on the page's
 * own `<ion-header app-page-header>`, so that the header and its toolbar stay the page's child and
 * grandchild, where Ionic's page transitions look for them.
 */
@Component({
  // Written on Ionic's own element (see above), so it cannot be an app- element of its own.
  // eslint-disable-next-line @angular-eslint/component-selector
  selector: 'ion-header[app-page-header]',
  imports: [IonToolbar, IonButtons, IonBackButton, SyncIndicator],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-toolbar color="primary">
      @if (back(); as href) {
        <!-- An icon only, so that the name keeps the toolbar's width on a small phone; its name is for screen readers. -->
        <ion-buttons slot="start">
          <!-- Made again when its name changes (a new language): Ionic reads the name only once. -->
          @for (name of [backName()]; track name) {
            <ion-back-button [defaultHref]="href" text="" [attr.aria-label]="name" data-testid="back" />
          }
        </ion-buttons>
      }
      <div class="page-title" [attr.lang]="titleLang()">{{ title() }}</div>
      <ng-content select="[slot=end]" />
    </ion-toolbar>
    @if (sync()) {
      <app-sync-indicator />
    }
    <ng-content />
  `,
  // The name is a block of our own: Ionic's ion-title keeps one line and cuts it with an ellipsis
  // inside its shadow DOM ("What do y…" at 200 % text, a long lesson title even at 100 %).
  styles: `
    .page-title {
      padding: 8px 16px;
      font-size: 1.25rem;
      font-weight: 500;
      line-height: 1.25;
      overflow-wrap: break-word;
    }
    ion-buttons + .page-title {
      padding-inline-start: 4px;
    }
    /* Where iPhones put a page's name. */
    :host-context(.ios) .page-title {
      text-align: center;
    }
  `,
})
export class PageHeader {
  private readonly i18n = inject(I18n);
  readonly title = input.required<string>();
  /** The language the name is written in, where it may not be the user's (a lesson's title). */
  readonly titleLang = input<string | null>(null);
  /** Where the way back leads when there is no history (a link opened directly). */
  readonly back = input<string | null>(null);
  /** The name of the screen the way back leads to, as the user knows it. */
  readonly backTo = input('');
  /** A name for the way back that says more than "back to" a screen. */
  readonly backLabel = input<string | null>(null);
  /** Sign-in, sign-up and printed pages have no work of the user's to speak of. */
  readonly sync = input(true);
  protected readonly backName = computed(() => this.backLabel() ?? this.i18n.t('page.backTo', { place: this.backTo() }));
}
