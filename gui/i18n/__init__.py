"""Translation: Qt translators and the engines messages in the users language."""
