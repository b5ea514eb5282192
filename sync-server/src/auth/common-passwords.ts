/**
 * Passwords that appear at the top of every published breach list, plus the obvious ones for this
 * app. Compared case-insensitively; the length rule already keeps out most short ones.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456', '123456789', '12345678', '1234567890', '1234567', '12345', '123123', '111111', '000000', '654321',
  '123321', '666666', '121212', '112233', '7777777', '987654321', '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx', 'qwerty',
  'qwerty123', 'qwertyuiop', 'qwerty1234', 'asdfghjkl', 'asdfgh', 'zxcvbnm', 'password', 'password1', 'password12',
  'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'iloveyou', 'iloveyou1', 'admin', 'admin123',
  'administrator', 'welcome', 'welcome1', 'welcome123', 'letmein', 'letmein123', 'monkey', 'dragon', 'football',
  'baseball', 'sunshine', 'princess', 'shadow', 'superman', 'batman', 'trustno1', 'master', 'michael', 'jennifer',
  'abc123', 'abcd1234', 'abcdef', 'abcdefg', 'abcdefgh', 'abcdefghij', 'aa123456', 'a123456', 'a1b2c3d4', 'qazwsx',
  'changeme', 'changeme123', 'secret', 'secret123', 'default', 'login', 'starwars', 'whatever', 'freedom', 'hello123',
  'computer', 'internet', 'samsung', 'google', 'facebook', 'linkedin', 'dropbox', 'lovely', 'charlie', 'jordan23',
  '1234qwer', 'zaq12wsx', 'q1w2e3r4', 'q1w2e3r4t5', 'mypassword', 'passpass', 'test1234', 'testtest', 'guest123',
  'haslo123', 'haslo1234', 'zaq1@wsx', 'polska', 'polska123', 'slaptazodis', 'jelszo', 'jelszo123', 'parola', 'parola123',
  'salasana', 'salasana123', 'heslo', 'heslo123', 'business', 'business1', 'company123', 'me2me', 'me2me123',
  'me2melearn', 'learning', 'learning123', 'student', 'student123', 'teacher', 'teacher123',
]);
