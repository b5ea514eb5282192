import { TestBed } from '@angular/core/testing';
import { RichText } from './rich-text';

describe('RichText', () => {
  it('renders script payloads as text: nothing from content ever runs', async () => {
    const fixture = TestBed.createComponent(RichText);
    (window as unknown as { pwned?: boolean }).pwned = false;
    fixture.componentRef.setInput('text', '**Hi** <img src=x onerror="window.pwned=true"><script>window.pwned=true</script>');
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('img, script')).toBeNull();
    expect(element.querySelector('strong')?.textContent).toBe('Hi');
    expect(element.textContent).toContain('<script>');
    expect((window as unknown as { pwned?: boolean }).pwned).toBeFalse();
  });
});
