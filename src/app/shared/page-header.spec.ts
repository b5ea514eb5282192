import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideIonicAngular } from '@ionic/angular/provide';
import { I18n } from '../i18n/i18n';
import { PageHeader } from './page-header';

@Component({
  imports: [PageHeader],
  template: `<ion-header app-page-header title="Pricing a cake" back="/community" [backTo]="i18n.t('community.title')" [sync]="false">
    <p class="extra">under the toolbar</p>
  </ion-header>`,
})
class ThreadLikePage {
  protected readonly i18n = TestBed.inject(I18n);
}

describe('PageHeader', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideRouter([]), provideIonicAngular({})] }));
  afterEach(async () => TestBed.inject(I18n).setLanguage('en'));

  it("keeps the header and its toolbar the page's child and grandchild, where Ionic's page transitions look for them", async () => {
    const fixture = TestBed.createComponent(ThreadLikePage);
    await fixture.whenStable();
    const page = fixture.nativeElement as HTMLElement;
    expect(page.querySelector(':scope > ion-header > ion-toolbar .page-title')?.textContent?.trim()).toBe('Pricing a cake');
    expect(page.querySelector(':scope > ion-header > .extra')).not.toBeNull();
    expect(page.querySelector('app-sync-indicator')).toBeNull();
  });

  it('names the way back in the language just chosen, not the one the button was made in', async () => {
    const fixture = TestBed.createComponent(ThreadLikePage);
    await fixture.whenStable();
    const page = fixture.nativeElement as HTMLElement;
    // Ionic moves the name onto the button inside its shadow root, once, when the element loads.
    const spokenName = async () => {
      await customElements.whenDefined('ion-back-button');
      // Ionic draws its element on a later frame than Angular's.
      for (let frame = 0; frame < 60 && !page.querySelector('ion-back-button')?.shadowRoot?.querySelector('button'); frame++) {
        await new Promise((drawn) => requestAnimationFrame(drawn));
      }
      return page.querySelector('ion-back-button')?.shadowRoot?.querySelector('button')?.getAttribute('aria-label');
    };
    expect(await spokenName()).toBe('Back: Community');
    await TestBed.inject(I18n).setLanguage('pl');
    await fixture.whenStable();
    expect(await spokenName()).toBe('Wróć: Społeczność');
  });
});
