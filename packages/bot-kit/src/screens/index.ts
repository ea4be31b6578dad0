/** Screens (a text and its inline keyboard, shown in place on a button press) and keyboards. */
export { answerCallback, callbackData } from './callbackAnswers';
export { button, inlineKeyboard, urlButton, type Rows } from './keyboard';
export { isNotModified, showScreen, type Screen, type ShowOptions } from './showScreen';
