import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { IonItem } from '@ionic/angular/ion-item';
import { IonList } from '@ionic/angular/ion-list';
import { IonSelect } from '@ionic/angular/ion-select';
import { IonSelectOption } from '@ionic/angular/ion-select-option';
import { I18n, LANGUAGE_NAMES } from '../i18n/i18n';
import type { Language } from '../i18n/messages';

/**
 * The app's language, first on the screens before signing in: the app starts in the phone's language
 * when it is one of ours, and anyone can switch before reading further. Each name is in its own language.
 */
@Component({
  selector: 'app-language-choice',
  imports: [IonList, IonItem, IonSelect, IonSelectOption],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-list>
      <ion-item>
        <ion-select
          labelPlacement="stacked"
          interface="popover"
          [value]="i18n.language()"
          (ionChange)="choose($event.detail.value)"
          data-testid="language-choice"
        >
          <div slot="label">{{ i18n.t('signUp.language') }}</div>
          @for (code of i18n.available(); track code) {
            <ion-select-option [value]="code" [attr.lang]="code">{{ names[code] }}</ion-select-option>
          }
        </ion-select>
      </ion-item>
    </ion-list>
  `,
})
export class LanguageChoice {
  protected readonly i18n = inject(I18n);
  protected readonly names = LANGUAGE_NAMES;

  protected choose(language: Language): void {
    void this.i18n.setLanguage(language);
  }
}
